#pragma once
/// @file TurboTimelinePlot.h
/// Turbo's per-frame view over the last kWindowFrames frames (issue 21): the difficulty d of each frame as a point
/// coloured by the exit that produced its detections (grey = exit 0, then blue → red for exits 1 … 5), with the hard
/// threshold as a dashed line. Frames Turbo was off for or without a difficulty are not drawn. A frame number at or
/// below the last one (seek, loop, new source) starts over. Redraws are coalesced and skipped while hidden
/// (LivePlot). GUI thread.

#include <QVector>

#include "LivePlot.h"
#include "ViewTypes.h"

class QCPGraph;
class QCPItemStraightLine;

namespace edgescope {

class TurboTimelinePlot : public LivePlot {
  Q_OBJECT
 public:
  static constexpr int kWindowFrames = 600;
  static constexpr int kExits = 6;

  explicit TurboTimelinePlot(QWidget* parent = nullptr);
  void addFrame(const edgescope::FrameView& frame);
  /// The dashed threshold line at d = @p threshold (hidden for a negative one).
  void setThreshold(double threshold);
  void clear();
  /// Queues a redraw (only while visible).
  void refresh() { requestReplot(); }

  /// Points of frames that ran at @p exit.
  int pointCount(int exit) const;
  double threshold() const { return threshold_; }
  /// The point colour of @p exit.
  static QColor exitColor(int exit);

 protected:
  void updateAxes() override;

 private:
  QVector<QCPGraph*> exits_;  ///< one scatter graph per exit
  QCPItemStraightLine* thresholdLine_;
  double threshold_ = -1.0;
  qint64 lastFrame_ = -1;
};

}  // namespace edgescope
