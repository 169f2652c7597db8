#pragma once
/// @file TurboBenchRunner.h
/// `turbo-bench`'s loop (issue 21): N streams share one detector with its enhancer in one process; period k's frames
/// of every stream are due together at start + k·T. Each period: every frame's encoder pass and D_f (TurboBatch),
/// one TurboWindow over all of them (the shared idle budget of the period, the planner's exits), then the batches —
/// the plain frames first, each enhanced (rung, exit) batch as one run (or frame by frame when the profile says the
/// batch costs more than that), demoted to exit 0 when the period's time no longer suffices for it — and each
/// stream's tracker as soon as its detections are ready. Measured batch times
/// correct the latency profile online (LatencyProfile::observe), as in the engine. Built only with LibTorch.

#include <functional>
#include <memory>
#include <vector>

#include <opencv2/core/types.hpp>

#include "cli/TurboBenchStream.h"
#include "turbo/GainProfile.h"
#include "turbo/LatencyProfile.h"
#include "turbo/ProcStatIdle.h"
#include "turbo/TurboPlanner.h"
#include "util/JsonDocument.h"

namespace edgescope {

class TurboBatch;

/// The command's thread.
class TurboBenchRunner {
 public:
  struct Settings {
    double intervalMs = 100.0;      ///< T, the period (1000 / --pace)
    TurboPlanner::Options planner;  ///< strategy, hard threshold, max exit
    double marginMs = 5.0;          ///< turbo.marginMs, once per window
    bool useIdleShare = true;       ///< cap the budget by /proc/stat's idle share (other work than ours)
    bool confidence = false;        ///< Eq. 1 difficulty from the plain detections instead of D_f
    double scoreFloor = 0.3;        ///< Eq. 1's floor
  };

  /// @p rungSizes: the input size of rungs 0, 1, … of @p latency (at most its rung count; a stream's frames use the
  /// rung of their size).
  TurboBenchRunner(TurboBatch& batch, GainProfile gains, LatencyProfile latency, std::vector<cv::Size> rungSizes,
                   Settings settings);

  /// Runs every exit at every rung once for batch sizes 1 … @p maxBatch (untimed): the first use of a shape sets up
  /// its kernels, which must not land on a frame's budget.
  void warmUp(int maxBatch);
  /// Runs periods until every stream has ended; @p progress(frames done) after each period.
  void run(std::vector<std::unique_ptr<TurboBenchStream>>& streams, const std::function<void(std::int64_t)>& progress);

  /// {"windows", "search_us": {p50, p99, max}, "budget_ms": {p50, mean}, "slack_ms": {p50}, "behind_windows",
  ///  "predicted_gain": {total, per_window}, "predicted_cost_ms": {total}, "spent_ms": {total, per_window},
  ///  "encode_ms": {p50}, "frames_per_window": {max}}.
  Json toJson() const;
  const LatencyProfile& latency() const { return latency_; }
  /// The rung of @p inputSize (Error when no rung has that size).
  int rungOf(cv::Size inputSize) const;

 private:
  /// The time of @p n frames at (@p rung, @p exit) as they will run: one batch, or one by one when that is cheaper.
  double batchMs(int rung, int exit, int n) const;

  TurboBatch& batch_;
  GainProfile gains_;
  LatencyProfile latency_;
  std::vector<cv::Size> rungSizes_;
  Settings settings_;
  ProcStatIdle idle_;
  double tailMs_ = 1.0;
  std::vector<double> searchUs_, budgetMs_, slackMs_, predictedGain_, predictedCostMs_, spentMs_, encodeMs_;
  std::int64_t windows_ = 0, behind_ = 0;
  int maxFrames_ = 0;
};

}  // namespace edgescope
