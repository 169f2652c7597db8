#pragma once
/// @file VideoView.h
/// Paints the newest frame scaled to fit (aspect preserved) with overlay layers: GT boxes with ids, detections,
/// tracks. Repaints only when a new frame arrives (GUI thread).

#include <QWidget>

#include "ViewTypes.h"

namespace edgescope {

class VideoView : public QWidget {
  Q_OBJECT
 public:
  explicit VideoView(QWidget* parent = nullptr);
  void setShowGroundTruth(bool show);
  void setShowDetections(bool show);
  bool showGroundTruth() const { return showGroundTruth_; }
  const FrameView& currentFrame() const { return frame_; }
  /// Stable, well-separated colour for @p id (golden-ratio hue walk).
  static QColor colorForId(int id);

 public slots:
  void showFrame(const edgescope::FrameView& frame);
  /// Text drawn over the video when there is no picture (errors, "connecting…").
  void setPlaceholder(const QString& text);

 protected:
  void paintEvent(QPaintEvent* event) override;
  QSize sizeHint() const override { return {960, 540}; }

 private:
  void paintBoxes(QPainter& painter, const QVector<OverlayBox>& boxes, bool groundTruth) const;
  FrameView frame_;
  QString placeholder_;
  bool showGroundTruth_ = true;
  bool showDetections_ = true;
};

}  // namespace edgescope
