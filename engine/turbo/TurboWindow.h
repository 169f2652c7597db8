#pragma once
/// @file TurboWindow.h
/// One Turbo planning window over several streams (paper 004 §5; issue 21: "all streams' frames due in one period in
/// `turbo-bench`"). The frames of every stream that fall due in the same period are planned together: their shared
/// idle budget is what the period T leaves once every frame's plain heads (exit 0, I_0, paid anyway), its tracking
/// tail and the safety margin are taken off (IdleBudget, capped by the cores' idle share); TurboPlanner picks each
/// frame's exit under it; frames that share (rung, exit) run as one batch, as the planner's cost model assumes.

#include <cstddef>
#include <limits>
#include <vector>

#include "turbo/TurboPlanner.h"

namespace edgescope {

class LatencyProfile;

/// Stateless; any thread (the profiles are only read).
class TurboWindow {
 public:
  /// One stream's frame of the period, after its encoder pass (and D_f).
  struct Frame {
    int stream = 0;                                                ///< informational: which stream it came from
    double difficulty = std::numeric_limits<double>::quiet_NaN();  ///< d in [0, 1]; NaN (or < 0): never enhanced
    int rung = 0;                                                  ///< input-size rung in the LatencyProfile
  };
  /// Times on one steady clock, ms.
  struct Timing {
    double dueMs = 0.0;           ///< when the period's frames were due (all at once)
    double intervalMs = 0.0;      ///< T: every result is due by dueMs + T, when the next period's frames arrive
    double nowMs = 0.0;           ///< now: every frame's encoder pass (and D_f) has run
    double tailMsPerFrame = 0.0;  ///< predicted work per frame after its detection (tracking)
    double marginMs = 0.0;        ///< turbo.marginMs, once per window
    double idleShare = 1.0;       ///< the cores' idle share left by other work (ProcStatIdle), in [0, 1]
  };
  /// Frames run together: the same rung and exit.
  struct Batch {
    int rung = 0;
    int exit = 0;
    std::vector<std::size_t> frames;  ///< indices into the window's frames, ascending
  };
  struct Plan {
    std::vector<int> exits;        ///< per frame, in the window's order
    std::vector<Batch> batches;    ///< ascending (exit, rung): the plain frames first, so they finish earliest
    double slackMs = 0.0;          ///< IdleBudget's slack of the whole window (≥ 0)
    double budgetMs = 0.0;         ///< slack − Σ I_0 over the frames: what enhancement may add (≥ 0)
    bool behind = false;           ///< even the plain work does not fit the period (raw slack < Σ I_0)
    double predictedGain = 0.0;    ///< Σ P[d][κ], mAP points
    double predictedCostMs = 0.0;  ///< the plan's extra ms over plain (TurboPlanner::costMs, D_f not counted)
    int searchSteps = 0;
    double searchUs = 0.0;  ///< budget and search, µs on the steady clock
  };

  /// Plans @p frames: @p options gives the strategy, hard threshold and max exit (budgetMs and countDiscriminator
  /// are set here: D_f has run already). @p latency must be the profile @p planner reads (Σ I_0 uses its
  /// prediction for n = 1). All exits are 0 when the window is behind, the budget is ≤ 0 or T ≤ 0. Throws Error as
  /// TurboPlanner::plan does (Brute over more than TurboPlanner::kMaxBruteFrames frames, a rung out of range).
  static Plan plan(const TurboPlanner& planner, const LatencyProfile& latency, const std::vector<Frame>& frames,
                   TurboPlanner::Options options, const Timing& timing);
  /// The batches of a plan: frames grouped by (rung, exit), ordered by ascending (exit, rung).
  static std::vector<Batch> batchesOf(const std::vector<Frame>& frames, const std::vector<int>& exits);
};

}  // namespace edgescope
