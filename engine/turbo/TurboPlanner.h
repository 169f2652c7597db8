#pragma once
/// @file TurboPlanner.h
/// Turbo's scheduler (paper 004, Eqs. 6–7, 1.2 item 9): for a window of m frames with estimated difficulty d_x, pick
/// an exit κ_x per frame that maximises Σ P[d_x][κ_x] (GainProfile) subject to the enhancement's predicted extra cost
/// fitting the idle budget (IdleBudget), frames that share (rung, exit) running as one batch (LatencyProfile).

#include <vector>

#include "turbo/DifficultyScore.h"

namespace edgescope {

class GainProfile;
class LatencyProfile;

/// Borrows both profiles, which must outlive it (it reads the LatencyProfile's current corrections on every call).
/// plan() is const; callers serialise it with LatencyProfile::observe().
class TurboPlanner {
 public:
  enum class Strategy {
    Prune,  ///< the paper's prune-and-search: all eligible frames at maxExit; while over budget lower by one level the
            ///< frame whose current level adds the least gain over the level below (ties: lower difficulty, then index)
    Brute,  ///< exhaustive over (maxExit + 1)^k plans of the k eligible frames; m ≤ kMaxBruteFrames
    Ratio,  ///< as Prune, but lowers the frame that loses the least gain per ms saved (the knapsack greedy the notes
            ///< suggest in 1.7; a demotion that saves nothing ranks last)
  };
  static constexpr int kMaxBruteFrames = 8;

  struct Frame {
    double difficulty = 0.0;  ///< d in [0, 1] (DifficultyScore; higher = harder); NaN = never hard
    int rung = 0;             ///< input-size rung, an index into the LatencyProfile
  };
  struct Options {
    Strategy strategy = Strategy::Prune;
    double budgetMs = 0.0;                                        ///< IdleBudget slack for the whole window, ms
    double hardThreshold = DifficultyScore::kPaperHardThreshold;  ///< frames with d < this stay at exit 0
    int maxExit = 5;                 ///< deepest exit tried; clamped to 0..min(gain, latency profiles' maxExit)
    bool countDiscriminator = true;  ///< add μ_D per frame of the window (D_f runs on every frame)
  };
  struct Plan {
    std::vector<int> exits;        ///< κ_x per frame, in the order of the frames
    double predictedGain = 0.0;    ///< Σ P[d_x][κ_x], mAP points
    double predictedCostMs = 0.0;  ///< costMs(exits), ≤ budgetMs unless even all-zero is over it
    int searchSteps = 0;           ///< Prune / Ratio: demotions made; Brute: plans evaluated
  };

  TurboPlanner(const GainProfile& gains, const LatencyProfile& latency);

  /// The plan of @p options.strategy. Never over budget: when even all-zero is (m·μ_D > budget, or a negative
  /// budget), every exit is 0. Throws Error for Brute with more than kMaxBruteFrames frames, or a rung outside the
  /// LatencyProfile.
  Plan plan(const std::vector<Frame>& frames, const Options& options) const;

  /// Extra time of a batch of @p n frames at exit @p exit over their plain detection, which is paid anyway:
  /// predictMs(rung, exit, n) − n·predictMs(rung, 0, 1), ms (0 for exit 0 or n = 0; may be negative when the profile
  /// says an exit is cheaper than the plain detector).
  double extraMs(int rung, int exit, int n) const;
  /// The enhancement's cost of a plan: Σ over groups (rung, κ > 0) of extraMs(rung, κ, n_(rung,κ)), plus m·μ_D when
  /// @p countDiscriminator, ms.
  double costMs(const std::vector<Frame>& frames, const std::vector<int>& exits, bool countDiscriminator) const;
  /// Σ P[d_x][κ_x] over frames with κ_x > 0, mAP points.
  double gain(const std::vector<Frame>& frames, const std::vector<int>& exits) const;

  static const char* strategyName(Strategy strategy);

 private:
  Plan greedy(const std::vector<Frame>& frames, const Options& options, int maxExit) const;
  Plan brute(const std::vector<Frame>& frames, const Options& options, int maxExit) const;

  const GainProfile& gains_;
  const LatencyProfile& latency_;
};

}  // namespace edgescope
