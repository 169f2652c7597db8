#pragma once
/// @file GreedyScheduler.h
/// A greedy feasible assignment, also the Markov scheduler's start: patches in priority order (y·p, highest first)
/// are placed at the smallest patch size on the device that finishes them soonest (list scheduling; a patch that
/// fits nowhere is shed), then, in the same order, each is moved to the feasible option of highest utility (ties:
/// the sooner finish), and finally improved by local search (polish()). Deterministic; any thread.

#include "paraloupe/PatchScheduler.h"

namespace edgescope {

class GreedyScheduler : public PatchScheduler {
 public:
  const char* name() const override { return "greedy"; }
  ScheduleResult solve(const SchedulingProblem& problem) override;
  /// Local search from a feasible @p assignment: single-patch moves (any option or shed) and swaps of two patches'
  /// options, taking every feasible improvement of U, until none is left (at most 100 passes). Stays feasible.
  static void polish(const SchedulingProblem& problem, Assignment& assignment);
  /// Patch indices by y·p, highest first (stable).
  static std::vector<int> priorityOrder(const SchedulingProblem& problem);
};

}  // namespace edgescope
