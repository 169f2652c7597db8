#include "paraloupe/ExhaustiveScheduler.h"

#include <algorithm>
#include <functional>

namespace edgescope {

ScheduleResult ExhaustiveScheduler::solve(const SchedulingProblem& problem) {
  const int count = static_cast<int>(problem.patches.size());
  std::vector<double> bestPossible(count + 1, 0.0);  // suffix sums of each patch's best utility
  for (int k = count - 1; k >= 0; --k) {
    double best = problem.utility(k, SchedulingProblem::kShed);
    for (int option = 0; option < problem.optionCount(); ++option) {
      if (problem.available(problem.deviceOf(option), problem.sizeOf(option))) {
        best = std::max(best, problem.utility(k, option));
      }
    }
    bestPossible[k] = bestPossible[k + 1] + best;
  }
  Assignment state(count, SchedulingProblem::kShed), best = state;
  double bestSum = -1e300;
  std::vector<double> times(problem.devices.size(), 0.0);
  std::vector<int> load(problem.devices.size(), 0);
  std::function<void(int, double)> search = [&](int k, double sum) {
    if (sum + bestPossible[k] <= bestSum + 1e-12) return;
    if (k == count) {
      bestSum = sum, best = state;
      return;
    }
    for (int option = 0; option < problem.optionCount(); ++option) {
      const int device = problem.deviceOf(option);
      if (!problem.available(device, problem.sizeOf(option))) continue;
      const double added = problem.itemMs(k, option) + (load[device] == 0 ? problem.fixedMs(device) : 0.0);
      if (times[device] + added > problem.budgetMs + 1e-9) continue;
      times[device] += added, ++load[device], state[k] = option;
      search(k + 1, sum + problem.utility(k, option));
      times[device] -= added, --load[device];
    }
    state[k] = SchedulingProblem::kShed;
    search(k + 1, sum + problem.utility(k, SchedulingProblem::kShed));
  };
  search(0, 0.0);
  ScheduleResult result;
  result.assignment = best;
  finish(problem, result);
  return result;
}

}  // namespace edgescope
