#pragma once
/// @file PartitionPlot.h
/// Where each of the last kWindowFrames frames spent its time under the camera/server partition (issue 6, the
/// paper's Table VII per frame): stacked bars camera / transmission / server ms, a line for the end-to-end ms and
/// triangles on frames that fell back to CO. A caption above says which strategy ran on which node, the average KB
/// sent up and down per frame and the end-to-end mean; a red "fallback: CO (reason)" marker shows while the
/// strategy that ran differs from the one requested. Frames without an active partition are not plotted.
/// Coalesced, visible-only redraws (LivePlot). GUI thread.

#include <deque>

#include "LivePlot.h"
#include "ViewTypes.h"

class QLabel;
class QCPBars;
class QCPGraph;

namespace edgescope {

class PartitionPlot : public LivePlot {
  Q_OBJECT
 public:
  static constexpr int kWindowFrames = 150;

  explicit PartitionPlot(QWidget* parent = nullptr);
  /// Partitioned frames in the window.
  int frameCount() const;
  /// Frames in the window that ran CO instead of the requested strategy.
  int fallbackCount() const;
  QString captionText() const;
  /// The fallback marker is shown (the last partitioned frame fell back).
  bool fallbackShown() const;
  QString fallbackText() const;
  /// Mean KB per frame sent to / received from the server over the window.
  double meanUplinkKb() const;
  double meanDownlinkKb() const;

 public slots:
  void addFrame(const edgescope::FrameView& frame);
  /// Forgets the window (new source, seek, other session).
  void clear();

 protected:
  void updateAxes() override;

 private:
  struct Sample {
    qint64 frameNumber = 0;
    double uplinkKb = 0.0, downlinkKb = 0.0, endToEndMs = 0.0;
  };
  double mean(double Sample::*field) const;
  void updateCaption(const PartitionView& last);

  QLabel* caption_;
  QLabel* fallback_;
  QCPBars* camera_;
  QCPBars* transmission_;
  QCPBars* server_;
  QCPGraph* endToEnd_;
  QCPGraph* fallbacks_;
  std::deque<Sample> window_;  ///< same frames as the plot's window, oldest first
  qint64 lastFrame_ = 0;
};

}  // namespace edgescope
