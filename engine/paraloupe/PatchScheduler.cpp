#include "paraloupe/PatchScheduler.h"

#include "paraloupe/GreedyScheduler.h"
#include "paraloupe/MarkovScheduler.h"
#include "paraloupe/UniformScheduler.h"

namespace edgescope {

std::unique_ptr<PatchScheduler> PatchScheduler::create(const ParaLoupeConfig& config, std::uint64_t seed) {
  switch (config.scheduler) {
    case SchedulerKind::Uniform:
      return std::make_unique<UniformScheduler>();
    case SchedulerKind::Greedy:
      return std::make_unique<GreedyScheduler>();
    case SchedulerKind::Markov:
      break;
  }
  return std::make_unique<MarkovScheduler>(config.beta, config.maxIterations, config.stallIterations, seed);
}

void PatchScheduler::finish(const SchedulingProblem& problem, ScheduleResult& result) {
  result.utility = problem.objective(result.assignment);
  result.deviceMs = problem.deviceTimes(result.assignment);
  result.shed = 0;
  for (int option : result.assignment) result.shed += option == SchedulingProblem::kShed ? 1 : 0;
  result.feasible = problem.feasible(result.assignment);
}

}  // namespace edgescope
