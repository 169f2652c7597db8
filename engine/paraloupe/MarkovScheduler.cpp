#include "paraloupe/MarkovScheduler.h"

#include <algorithm>
#include <cmath>

#include "paraloupe/GreedyScheduler.h"

namespace edgescope {

MarkovScheduler::MarkovScheduler(double beta, int maxIterations, int stallIterations, std::uint64_t seed)
    : beta_(std::max(beta, 1e-12)), maxIterations_(maxIterations), stallIterations_(stallIterations), rng_(seed) {}

ScheduleResult MarkovScheduler::solve(const SchedulingProblem& problem) {
  ScheduleResult start = GreedyScheduler().solve(problem);
  const int count = static_cast<int>(problem.patches.size());
  const int options = problem.optionCount();
  if (count == 0 || options == 0) return start;

  Assignment state = start.assignment;
  std::vector<double> times(problem.devices.size(), 0.0);
  std::vector<int> load(problem.devices.size(), 0);
  for (int k = 0; k < count; ++k) {
    if (state[k] == SchedulingProblem::kShed) continue;
    const int device = problem.deviceOf(state[k]);
    times[device] += problem.itemMs(k, state[k]);
    ++load[device];
  }
  for (std::size_t i = 0; i < times.size(); ++i) {
    if (load[i] > 0) times[i] += problem.fixedMs(static_cast<int>(i));
  }
  double sum = 0.0;  // Σ u_k (U = sum / K)
  for (int k = 0; k < count; ++k) sum += problem.utility(k, state[k]);
  Assignment best = state;
  double bestSum = sum;

  // The stall window counts rounds of K proposals (see the header); `stall` counts proposals.
  const long long stallLimit = static_cast<long long>(stallIterations_) * count * options;
  int iterations = 0;
  long long stall = 0;
  while (iterations < maxIterations_ && stall < stallLimit) {
    ++iterations;
    const int k = rng_.uniformInt(0, count - 1);
    // A random other option among options + shed (index options stands for shed).
    int pick = rng_.uniformInt(0, options - 1);
    const int current = state[k] == SchedulingProblem::kShed ? options : state[k];
    if (pick >= current) ++pick;
    const int proposal = pick == options ? SchedulingProblem::kShed : pick;
    if (proposal != SchedulingProblem::kShed &&
        !problem.available(problem.deviceOf(proposal), problem.sizeOf(proposal))) {
      ++stall;
      continue;
    }
    // Device times after the move.
    const int from = state[k] == SchedulingProblem::kShed ? -1 : problem.deviceOf(state[k]);
    const int to = proposal == SchedulingProblem::kShed ? -1 : problem.deviceOf(proposal);
    double fromTime = 0.0, toTime = 0.0;
    if (from >= 0) {
      fromTime = times[from] - problem.itemMs(k, state[k]) - (load[from] == 1 ? problem.fixedMs(from) : 0.0);
    }
    if (to >= 0) {
      const double base = to == from ? fromTime : times[to];
      const int baseLoad = to == from ? load[to] - 1 : load[to];
      toTime = base + problem.itemMs(k, proposal) + (baseLoad == 0 ? problem.fixedMs(to) : 0.0);
      if (toTime > problem.budgetMs + 1e-9) {
        ++stall;
        continue;
      }
    }
    const double delta = problem.utility(k, proposal) - problem.utility(k, state[k]);
    const double deltaU = delta / count;  // Ũ − U
    const double rho = 1.0 / (1.0 + std::exp(std::clamp(-deltaU / beta_, -700.0, 700.0)));
    if (rng_.uniform() >= rho) {
      ++stall;
      continue;
    }
    if (from >= 0) times[from] = fromTime, --load[from];
    if (to >= 0) times[to] = toTime, ++load[to];
    state[k] = proposal;
    sum += delta;
    stall = std::abs(delta) > 0.01 ? 0 : stall + 1;
    if (sum > bestSum + 1e-12) best = state, bestSum = sum;
  }
  ScheduleResult result;
  result.assignment = best;
  result.iterations = iterations;
  finish(problem, result);
  return result;
}

}  // namespace edgescope
