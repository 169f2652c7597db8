#pragma once
/// @file IdleBudget.h
/// Turbo's per-frame idle budget (paper 004, 1.2 items 9–10): the compute time left for enhancement before this
/// frame's result is due or the next frame arrives, after the predicted embed/track tail and a safety margin.

#include <limits>

namespace edgescope {

/// Stateless; any thread. All times in ms on one caller-chosen clock (e.g. steady_clock since the session start).
class IdleBudget {
 public:
  struct Inputs {
    double nowMs = 0.0;           ///< now (the frame's detection has finished)
    double thisFrameDueMs = 0.0;  ///< when this frame was due (its arrival / schedule time)
    /// When the next frame is due; NaN (or any non-finite value) = unknown, then thisFrameDueMs + latencyBoundMs.
    double nextFrameDueMs = std::numeric_limits<double>::quiet_NaN();
    double latencyBoundMs = 0.0;   ///< T: this frame's result is due by thisFrameDueMs + T
    double predictedTailMs = 0.0;  ///< predicted work still to run for this frame after enhancement (embed + track)
    double marginMs = 0.0;         ///< safety margin (turbo.marginMs)
    /// Idle share of the cores over the last interval in [0, 1] (ProcStatIdle; 1 = all idle). Values outside are
    /// clamped, NaN counts as 1.
    double idleShare = 1.0;
  };
  struct Result {
    double slackMs = 0.0;     ///< the budget for enhancement, ≥ 0
    double rawSlackMs = 0.0;  ///< before the clamp and the idle-share cap (negative when behind)
    bool behind = false;      ///< rawSlackMs < 0: the frame is already late even without enhancement
  };

  /// raw = min(next due, thisFrameDue + T) − now − predictedTail − margin. A negative raw gives slack 0 and behind.
  /// Otherwise slack = raw × idleShare: capped by the idle share when other work holds the cores (the enhancer would
  /// only get that share of them).
  static Result compute(const Inputs& inputs);
};

}  // namespace edgescope
