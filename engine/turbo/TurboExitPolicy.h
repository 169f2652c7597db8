#pragma once
/// @file TurboExitPolicy.h
/// An outside planner for TurboController (paper 004, "windows: … the queued jobs on a node"): instead of the
/// controller's own one-frame IdleBudget plan, the policy chooses each frame's exit from a window it knows about (the
/// node's request queue, NodeTurbo) and may stop the enhancer at the yield points between its decoder blocks.
/// Torch-free.

namespace edgescope {

/// What to do at a yield point between two decoder blocks.
enum class TurboYield {
  Continue,       ///< run the next block (towards the planned exit)
  KeepCompleted,  ///< stop: re-enter the backbone after the blocks already run (their exit, cheaper than planned)
  Plain,          ///< stop: drop the enhancement, the plain (exit 0) heads on the first pass
};

/// Interface; called on the detector's thread (one frame at a time) through TurboController.
class TurboExitPolicy {
 public:
  /// A frame's plan.
  struct Choice {
    int exit = 0;           ///< exit κ to run (0 = plain)
    double budgetMs = 0.0;  ///< the budget the plan spent (≥ 0), for TurboFrameStatus
    bool behind = false;    ///< the frame (or one it must not delay) is late even without enhancement
  };

  virtual ~TurboExitPolicy() = default;
  /// After the encoder pass: the exit for this frame, from its difficulty @p difficulty (in [0, 1]; NaN or < 0 when
  /// none is known) at input-size rung @p rung.
  virtual Choice chooseExit(double difficulty, int rung) = 0;
  /// Between decoder blocks: @p blocksDone (1 ≤ blocksDone < @p plannedExit) blocks have run, taking
  /// @p enhanceMs so far (since the enhancement started).
  virtual TurboYield atBlock(int blocksDone, int plannedExit, double enhanceMs) = 0;
  /// After the frame: the exit that produced its detections and the enhancement path's whole time (ms; also the
  /// blocks of an enhancement dropped at a yield point).
  virtual void frameDone(int exit, double enhanceMs) {}
};

}  // namespace edgescope
