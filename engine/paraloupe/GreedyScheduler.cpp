#include "paraloupe/GreedyScheduler.h"

#include <algorithm>
#include <numeric>

namespace edgescope {

std::vector<int> GreedyScheduler::priorityOrder(const SchedulingProblem& problem) {
  std::vector<int> order(problem.patches.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    const SchedulingPatch& pa = problem.patches[a];
    const SchedulingPatch& pb = problem.patches[b];
    return pa.weight * pa.objectness > pb.weight * pb.objectness;
  });
  return order;
}

void GreedyScheduler::polish(const SchedulingProblem& problem, Assignment& assignment) {
  const int count = static_cast<int>(assignment.size());
  const auto tryAssignment = [&](Assignment& candidate, double gain) {
    if (gain <= 1e-12 || !problem.feasible(candidate)) return false;
    assignment = candidate;
    return true;
  };
  for (int pass = 0; pass < 100; ++pass) {
    bool improved = false;
    for (int k = 0; k < count; ++k) {
      for (int option = SchedulingProblem::kShed; option < problem.optionCount(); ++option) {
        if (option == assignment[k]) continue;
        Assignment candidate = assignment;
        candidate[k] = option;
        improved |= tryAssignment(candidate, problem.utility(k, option) - problem.utility(k, assignment[k]));
      }
      for (int other = k + 1; other < count; ++other) {
        if (assignment[k] == assignment[other]) continue;
        Assignment candidate = assignment;
        std::swap(candidate[k], candidate[other]);
        const double gain = problem.utility(k, candidate[k]) + problem.utility(other, candidate[other]) -
                            problem.utility(k, assignment[k]) - problem.utility(other, assignment[other]);
        improved |= tryAssignment(candidate, gain);
      }
    }
    if (!improved) break;
  }
}

ScheduleResult GreedyScheduler::solve(const SchedulingProblem& problem) {
  const int count = static_cast<int>(problem.patches.size());
  ScheduleResult result;
  result.assignment.assign(count, SchedulingProblem::kShed);
  std::vector<double> times(problem.devices.size(), 0.0);
  std::vector<int> load(problem.devices.size(), 0);
  // Finish time of device i if @p option is added for @p patch (fixed cost paid by its first patch).
  const auto finishWith = [&](int patch, int option) {
    const int device = problem.deviceOf(option);
    return times[device] + (load[device] == 0 ? problem.fixedMs(device) : 0.0) + problem.itemMs(patch, option);
  };
  const auto add = [&](int patch, int option, int sign) {
    const int device = problem.deviceOf(option);
    if (sign < 0) --load[device];
    const double fixed = load[device] == 0 ? problem.fixedMs(device) : 0.0;
    times[device] += sign * (fixed + problem.itemMs(patch, option));
    if (sign > 0) ++load[device];
  };
  const std::vector<int> order = priorityOrder(problem);
  for (int k : order) {  // place: smallest size, soonest finish
    int best = SchedulingProblem::kShed;
    double bestFinish = 0.0;
    for (int size = 0; size < problem.sizeCount() && best == SchedulingProblem::kShed; ++size) {
      for (std::size_t device = 0; device < problem.devices.size(); ++device) {
        if (!problem.available(static_cast<int>(device), size)) continue;
        const int option = static_cast<int>(device) * problem.sizeCount() + size;
        const double finish = finishWith(k, option);
        if (finish > problem.budgetMs + 1e-9) continue;
        if (best == SchedulingProblem::kShed || finish < bestFinish) best = option, bestFinish = finish;
      }
    }
    result.assignment[k] = best;
    if (best != SchedulingProblem::kShed) add(k, best, +1);
  }
  for (int k : order) {  // upgrade: highest utility that stays feasible
    const int current = result.assignment[k];
    if (current == SchedulingProblem::kShed) continue;
    add(k, current, -1);
    int best = current;
    double bestUtility = problem.utility(k, current), bestFinish = finishWith(k, current);
    for (int option = 0; option < problem.optionCount(); ++option) {
      if (!problem.available(problem.deviceOf(option), problem.sizeOf(option))) continue;
      const double finish = finishWith(k, option);
      if (finish > problem.budgetMs + 1e-9) continue;
      const double u = problem.utility(k, option);
      if (u > bestUtility + 1e-12 || (u > bestUtility - 1e-12 && finish < bestFinish)) {
        best = option, bestUtility = u, bestFinish = finish;
      }
    }
    result.assignment[k] = best;
    add(k, best, +1);
  }
  polish(problem, result.assignment);
  finish(problem, result);
  return result;
}

}  // namespace edgescope
