#pragma once
/// @file ExhaustiveScheduler.h
/// The exact optimum of problem P by depth-first search over every option (and shed) of every patch, pruning
/// infeasible partial assignments and branches that cannot beat the best found (bound: each remaining patch at its
/// best utility). For tests and benchmarks (K ≤ 6 or so). Deterministic; any thread.

#include "paraloupe/PatchScheduler.h"

namespace edgescope {

class ExhaustiveScheduler : public PatchScheduler {
 public:
  const char* name() const override { return "exhaustive"; }
  ScheduleResult solve(const SchedulingProblem& problem) override;
};

}  // namespace edgescope
