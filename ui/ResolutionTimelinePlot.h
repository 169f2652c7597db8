#pragma once
/// @file ResolutionTimelinePlot.h
/// DeepScale resolution over time (QCustomPlot): x = frame number, y = ladder rung (highest resolution on top, ticks
/// labelled with the rung sizes), drawn as a step line over the last kWindowFrames frames, with the frames that
/// re-selected the resolution marked. Adding data never replots; the owner calls refresh() (coalesced) (GUI thread).

#include <QWidget>

#include "ViewTypes.h"

class QCustomPlot;

namespace edgescope {

class ResolutionTimelinePlot : public QWidget {
  Q_OBJECT
 public:
  static constexpr int kWindowFrames = 600;

  explicit ResolutionTimelinePlot(QWidget* parent = nullptr);
  /// Appends @p frame's rung (ignored when its DeepScale is inactive). A frame number at or below the last one
  /// (seek, loop, new source) starts the timeline over.
  void addFrame(const edgescope::FrameView& frame);
  /// Names the y ticks; an unchanged list costs nothing.
  void setRungLabels(const QStringList& labels);
  void clear();
  /// Sets the axis ranges and queues a replot.
  void refresh();

  int pointCount() const;
  int markerCount() const;

 private:
  QCustomPlot* plot_;
  QStringList labels_;
  qint64 lastFrame_ = -1;
};

}  // namespace edgescope
