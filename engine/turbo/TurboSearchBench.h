#pragma once
/// @file TurboSearchBench.h
/// The planner's own benchmark (issue 21, goal G6: "search p99 ≤ 0.5 ms for m = 8", prune-and-search close to brute
/// force): random windows of m frames — difficulty uniform in [0, 1], a random rung of the latency profile, a budget
/// uniform between nothing and every hard frame alone at the deepest exit — planned by each strategy on the same
/// instances. Reports the search time per window and the predicted gain each finds against brute force.

#include <cstdint>
#include <vector>

#include "turbo/TurboPlanner.h"

namespace edgescope {

class GainProfile;
class LatencyProfile;

/// Stateless; any thread (the profiles are only read).
class TurboSearchBench {
 public:
  struct Options {
    int frames = 8;        ///< m, frames per window (1 … 64; brute force only up to TurboPlanner::kMaxBruteFrames)
    int instances = 2000;  ///< random windows (≥ 1)
    std::uint64_t seed = 1;
    double hardThreshold = 0.4;
    int maxExit = 5;
    std::vector<TurboPlanner::Strategy> strategies{TurboPlanner::Strategy::Prune, TurboPlanner::Strategy::Brute,
                                                   TurboPlanner::Strategy::Ratio};
  };
  struct Result {
    TurboPlanner::Strategy strategy = TurboPlanner::Strategy::Prune;
    double searchUsP50 = 0.0, searchUsP99 = 0.0, searchUsMax = 0.0;  ///< per window, µs
    double meanGain = 0.0;                                           ///< mean predicted gain per window, mAP points
    /// Brute force's gain minus this strategy's, mean and worst over the instances (points; NaN without brute force:
    /// m > kMaxBruteFrames or Brute not among the strategies).
    double meanLossVsBrute = 0.0, maxLossVsBrute = 0.0;
    int optimal = 0;     ///< instances where it found brute force's gain (within 1e-9)
    int overBudget = 0;  ///< plans whose predicted cost exceeded their budget (must stay 0)
  };

  /// One Result per strategy of @p options, in that order. Throws Error for frames or instances out of range.
  static std::vector<Result> run(const GainProfile& gains, const LatencyProfile& latency, const Options& options);
};

}  // namespace edgescope
