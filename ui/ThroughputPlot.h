#pragma once
/// @file ThroughputPlot.h
/// Rolling plot of source fps, processing fps and per-frame latency over the last minute (QCustomPlot). Samples are
/// appended as status arrives; the replot is coalesced (queued, at most once per event-loop pass) and skipped while
/// hidden (GUI thread).

#include <QElapsedTimer>
#include <QWidget>

#include "ViewTypes.h"

class QCustomPlot;

namespace edgescope {

class ThroughputPlot : public QWidget {
  Q_OBJECT
 public:
  explicit ThroughputPlot(QWidget* parent = nullptr);
  int sampleCount() const;

 public slots:
  void addStatus(const edgescope::StatusView& status);
  void addFrame(const edgescope::FrameView& frame);
  void clear();

 private:
  QCustomPlot* plot_;
  QElapsedTimer clock_;
  double lastLatencyMs_ = 0.0;
};

}  // namespace edgescope
