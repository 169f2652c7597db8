#pragma once
/// @file PatchScheduler.h
/// The interface of the patch schedulers (paper 002, Section III-D): Markov approximation (Algorithm 1), uniform,
/// greedy, and exhaustive search for tests and benchmarks. create() makes the one paraloupe.scheduler names.
///
/// A scheduler is owned by one stream's engine thread (Markov keeps its seeded generator between frames).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "paraloupe/ParaLoupeConfig.h"
#include "paraloupe/SchedulingProblem.h"

namespace edgescope {

/// A scheduler's decision for one frame.
struct ScheduleResult {
  Assignment assignment;          ///< per patch: option (device·S + size) or SchedulingProblem::kShed
  double utility = 0.0;           ///< U of the assignment
  std::vector<double> deviceMs;   ///< predicted T_i
  int iterations = 0;             ///< Markov moves tried (0 for the others)
  int shed = 0;                   ///< patches left unassigned
  bool feasible = true;           ///< every T_i within the budget (always, by construction)
  double solveMs = 0.0;           ///< wall time of solve(), filled by the caller
};

class PatchScheduler {
 public:
  virtual ~PatchScheduler() = default;
  virtual const char* name() const = 0;
  /// A feasible assignment (patches it cannot fit are shed).
  virtual ScheduleResult solve(const SchedulingProblem& problem) = 0;

  /// The scheduler @p config.scheduler names, with its β, iterations and @p seed.
  static std::unique_ptr<PatchScheduler> create(const ParaLoupeConfig& config, std::uint64_t seed);
  /// Fills utility, deviceMs, shed and feasible of @p result from its assignment.
  static void finish(const SchedulingProblem& problem, ScheduleResult& result);
};

}  // namespace edgescope
