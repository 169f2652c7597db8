#pragma once
/// @file VideoView.h
/// Paints the newest frame with overlay layers the operator toggles: tracks (stable colour per id), their id labels
/// and trails, raw detections with scores, GT boxes, the DeepScale input-size badge, and dropped-frame / stall
/// indicators, and ParaLoupe's patches and objectness heatmap (PatchOverlay). Mouse wheel zooms around the cursor,
/// dragging pans, double-click resets; clicking a track selects it and shows its history (TrackHistory);
/// Shift+drag draws a ParaLoupe RoI and right-click removes the RoI under the cursor (roisChanged). Turbo (issue 21;
/// TurboOverlay): the exit badge "T3" beside the resolution badge, the degraded-frame marker, and, under
/// turbo.compare, hatched detections found only after enhancement. While paused, right-click away from an RoI opens
/// a menu with "Enhance this frame" (enhanceAction(); enhanceRequested). Repaints only when a frame or a setting
/// changes. GUI thread.

#include <QHash>
#include <QWidget>

class QAction;

#include "TrackHistory.h"
#include "ViewTypes.h"

namespace edgescope {

class VideoView : public QWidget {
  Q_OBJECT
 public:
  enum class Layer {
    Tracks,
    Labels,
    Trails,
    Detections,
    GroundTruth,
    Resolution,
    Indicators,
    Patches,
    Objectness,
    Turbo
  };
  static constexpr int kLayerCount = 10;
  /// RoIs smaller than this (frame pixels, either side) are not kept: a click, not a drag.
  static constexpr double kMinRoiPx = 8.0;
  /// Menu text of @p layer.
  static QString layerName(Layer layer);

  explicit VideoView(QWidget* parent = nullptr);
  void setLayerVisible(Layer layer, bool visible);
  bool layerVisible(Layer layer) const { return layers_[static_cast<int>(layer)]; }
  void setShowGroundTruth(bool show) { setLayerVisible(Layer::GroundTruth, show); }
  void setShowDetections(bool show) { setLayerVisible(Layer::Detections, show); }
  bool showGroundTruth() const { return layerVisible(Layer::GroundTruth); }
  /// While tracking runs, tracks get the id colours and GT is drawn thin and neutral.
  void setTrackingActive(bool active);
  /// Number of track ids with a trail (for tests).
  int trailCount() const { return trails_.size(); }
  const FrameView& currentFrame() const { return frame_; }
  const TrackHistory& history() const { return history_; }
  int selectedTrack() const { return selected_; }
  /// Selects the track under widget point @p point (none: clears the selection); returns its id or -1.
  int selectAt(const QPointF& point);
  double zoom() const { return zoom_; }
  /// Zooms by @p factor around widget point @p anchor (1×–16×).
  void zoomBy(double factor, const QPointF& anchor);
  void resetView();
  /// Stable, well-separated colour for @p id (golden-ratio hue walk).
  static QColor colorForId(int id);
  /// Text of the DeepScale input-size badge ("768×576"); empty when @p deepscale is inactive or has no size.
  static QString badgeText(const DeepScaleFrameView& deepscale);
  /// Colour of the badge's marker on frames that re-selected the resolution.
  static QColor reselectionColor() { return QColor(255, 176, 0); }
  /// The indicator text shown for @p status ("STALLED", "reconnecting (attempt 2)", "dropped 14"; empty if fine).
  QString indicatorText() const;
  /// "Enhance this frame": enabled while the source is paused on a frame; triggering it emits enhanceRequested.
  QAction* enhanceAction() const { return enhanceAction_; }

 public slots:
  void showFrame(const edgescope::FrameView& frame);
  void setStatus(const edgescope::StatusView& status);
  /// Text drawn over the video when there is no picture (errors, "connecting…").
  void setPlaceholder(const QString& text);
  /// Replaces the operator's RoIs (frame pixels) without emitting roisChanged.
  void setRois(const QVector<QRectF>& rois);

 public:
  const QVector<QRectF>& rois() const { return rois_; }
  /// Widget point @p point in frame pixels (the image need not contain it).
  QPointF toImage(const QPointF& point) const;

 signals:
  void trackSelected(int id);
  /// The operator added or removed an RoI; @p rois is the whole list, frame pixels.
  void roisChanged(const QVector<QRectF>& rois);
  /// The operator asked for Turbo's full-exit enhanced image of the frame shown (SessionHub::enhanceFrame).
  void enhanceRequested();

 protected:
  void paintEvent(QPaintEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  QSize sizeHint() const override { return {960, 540}; }

 private:
  enum class BoxKind { GroundTruth, Detections, Tracks };
  /// Where the image is drawn (widget coordinates), fit + zoom + pan.
  QRectF imageRect() const;
  void paintBoxes(QPainter& painter, const QVector<OverlayBox>& boxes, BoxKind kind) const;
  void paintTrails(QPainter& painter) const;
  /// The resolution badge; returns its rect (a zero-width one where it would start when there is none).
  QRectF paintBadge(QPainter& painter, const QRectF& target) const;
  /// Where the resolution badge's row ends (zero width, a badge high) in visible image rect @p target.
  static QRectF badgeAnchor(QPainter& painter, const QRectF& target);
  void updateEnhanceAction();
  void paintIndicators(QPainter& painter) const;
  void paintSelection(QPainter& painter) const;
  void updateTrails();
  struct Trail {
    QVector<QPointF> points;  ///< bottom centres, image pixels, oldest first
    qint64 lastFrame = 0;
  };
  FrameView frame_;
  QHash<int, Trail> trails_;
  TrackHistory history_;
  bool layers_[kLayerCount];
  bool trackingActive_ = false;
  QString placeholder_;
  int selected_ = -1;
  double zoom_ = 1.0;
  QPointF pan_;             ///< widget pixels
  QPointF pressPoint_;
  QPointF panAtPress_;
  bool dragging_ = false;
  QString health_;
  int reconnectAttempts_ = 0;
  qint64 dropped_ = 0;
  qint64 droppedShownAt_ = -1;  ///< frame number when the drop count last rose
  QVector<QRectF> rois_;        ///< the operator's RoIs, frame pixels
  bool drawingRoi_ = false;     ///< a Shift+drag is drawing an RoI
  QPointF roiAnchor_;           ///< where the Shift+drag started, frame pixels
  QRectF roiDrawing_;           ///< the RoI being drawn, frame pixels
  bool paused_ = false;         ///< the status says "paused"
  QAction* enhanceAction_;
};

}  // namespace edgescope
