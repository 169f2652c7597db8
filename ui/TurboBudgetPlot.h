#pragma once
/// @file TurboBudgetPlot.h
/// Turbo's time per frame over the last kWindowFrames frames (issue 21): the idle budget the planner had (line) and
/// the ms the enhancement spent (bars), against the frame interval T (dashed line) — spent above budget would be a
/// frame made late. Frames Turbo was off for are not drawn; a frame number at or below the last one starts over.
/// Redraws are coalesced and skipped while hidden (LivePlot). GUI thread.

#include "LivePlot.h"
#include "ViewTypes.h"

class QCPBars;
class QCPGraph;
class QCPItemStraightLine;

namespace edgescope {

class TurboBudgetPlot : public LivePlot {
  Q_OBJECT
 public:
  static constexpr int kWindowFrames = 300;

  explicit TurboBudgetPlot(QWidget* parent = nullptr);
  void addFrame(const edgescope::FrameView& frame);
  /// The interval line T in ms (hidden when ≤ 0).
  void setIntervalMs(double intervalMs);
  void clear();
  void refresh() { requestReplot(); }

  int frameCount() const;
  double intervalMs() const { return intervalMs_; }
  /// Frames in the window whose enhancement spent more than its budget.
  int overBudgetCount() const { return overBudget_; }

 protected:
  void updateAxes() override;

 private:
  QCPGraph* budget_;
  QCPBars* spent_;
  QCPItemStraightLine* intervalLine_;
  double intervalMs_ = 0.0;
  qint64 lastFrame_ = -1;
  int overBudget_ = 0;
};

}  // namespace edgescope
