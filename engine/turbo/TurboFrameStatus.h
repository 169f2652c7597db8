#pragma once
/// @file TurboFrameStatus.h
/// What Turbo (paper 004) did on one frame: the difficulty it planned with, the exit that produced the detections,
/// the idle budget and the time the enhancement took. Filled by TurboController, carried by
/// TrackingPipeline::Result, FrameSnapshot::turbo and EngineStatus::turbo (TurboSummary::last). Value type; any thread.

namespace edgescope {

/// Value type. Times in ms on the steady clock's scale.
struct TurboFrameStatus {
  bool active = false;         ///< Turbo was on for this frame
  double difficulty = -1.0;    ///< d used for the plan, in [0, 1]; −1 when none was computed
  int exit = 0;                ///< the exit that produced the detections
  double budgetMs = 0.0;       ///< idle budget for the enhancement's extra time
  double spentMs = 0.0;        ///< measured time of the enhancement path (0 at exit 0)
  double discriminateMs = 0.0; ///< D_f's time
  double predictedGain = 0.0;  ///< gain profile value of the chosen exit, AP50 points
  double searchUs = 0.0;       ///< planner time
  bool behind = false;         ///< the frame was already late before enhancement
  bool fellBack = false;       ///< the enhancer's output was not finite: plain detections kept
  bool overran = false;        ///< the frame ended after its deadline although it was enhanced
};

}  // namespace edgescope
