#pragma once
/// @file VideoView.h
/// Paints the newest frame scaled to fit (aspect preserved) with overlay layers: GT boxes with ids, detections,
/// tracks, and a DeepScale input-size badge. Repaints only when a new frame arrives (GUI thread).

#include <QHash>
#include <QWidget>

#include "ViewTypes.h"

namespace edgescope {

class VideoView : public QWidget {
  Q_OBJECT
 public:
  explicit VideoView(QWidget* parent = nullptr);
  void setShowGroundTruth(bool show);
  void setShowDetections(bool show);
  /// While tracking runs, tracks get the id colours and GT is drawn thin and neutral.
  void setTrackingActive(bool active);
  /// Number of track ids with a trail (for tests).
  int trailCount() const { return trails_.size(); }
  bool showGroundTruth() const { return showGroundTruth_; }
  const FrameView& currentFrame() const { return frame_; }
  /// Stable, well-separated colour for @p id (golden-ratio hue walk).
  static QColor colorForId(int id);
  /// Text of the DeepScale input-size badge ("768×576"); empty when @p deepscale is inactive or has no size.
  static QString badgeText(const DeepScaleFrameView& deepscale);
  /// Colour of the badge's marker on frames that re-selected the resolution.
  static QColor reselectionColor() { return QColor(255, 176, 0); }

 public slots:
  void showFrame(const edgescope::FrameView& frame);
  /// Text drawn over the video when there is no picture (errors, "connecting…").
  void setPlaceholder(const QString& text);

 protected:
  void paintEvent(QPaintEvent* event) override;
  QSize sizeHint() const override { return {960, 540}; }

 private:
  enum class Layer { GroundTruth, Detections, Tracks };
  void paintBoxes(QPainter& painter, const QVector<OverlayBox>& boxes, Layer layer) const;
  void paintTrails(QPainter& painter) const;
  /// Input-size badge at the top right of @p target, below the frame number (widget coordinates).
  void paintBadge(QPainter& painter, const QRectF& target) const;
  void updateTrails();
  struct Trail {
    QVector<QPointF> points;  ///< bottom centres, image pixels, oldest first
    qint64 lastFrame = 0;
  };
  FrameView frame_;
  QHash<int, Trail> trails_;
  bool trackingActive_ = false;
  QString placeholder_;
  bool showGroundTruth_ = true;
  bool showDetections_ = true;
};

}  // namespace edgescope
