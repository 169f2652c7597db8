#pragma once
/// @file MarkovScheduler.h
/// Algorithm 1 of paper 002 (Markov approximation): from the greedy feasible start, repeatedly move a random patch
/// to a random other option (another device and/or size, or shed); a feasible move is accepted with probability
/// ρ = 1/(1 + e^{(U − Ũ)/β}) (heat-bath rule, stationary distribution ∝ e^{U/β}). Stops after maxIterations moves or
/// when stallIterations rounds in a row changed U by no more than 0.01/K (the paper's 0.01, on the sum of utilities;
/// U is their mean). A round is n = K·(devices·sizes) proposals, the neighbourhood size of the paper's complexity
/// analysis: with the paper's N = 10 counted in single moves most chains stop a few proposals after the greedy start
/// (on TestMarkovScheduler's 200 instances 182 end within 2 % of the optimum; 195 with rounds; 198 when every chain
/// runs T_max = 1000 moves; a second set of 200, seed 99, gives 194 with rounds). Unlike the paper it returns the
/// best state visited, not the last. Seeded: the same seed and problems give the same decisions.
///
/// Owned by one thread. Cost: O(1) per move (device times kept incrementally).

#include <cstdint>

#include "paraloupe/PatchScheduler.h"
#include "util/Rng.h"

namespace edgescope {

class MarkovScheduler : public PatchScheduler {
 public:
  MarkovScheduler(double beta, int maxIterations, int stallIterations, std::uint64_t seed);
  const char* name() const override { return "markov"; }
  ScheduleResult solve(const SchedulingProblem& problem) override;

 private:
  double beta_;
  int maxIterations_;
  int stallIterations_;
  Rng rng_;
};

}  // namespace edgescope
