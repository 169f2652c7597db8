#include "paraloupe/UniformScheduler.h"

namespace edgescope {

ScheduleResult UniformScheduler::solve(const SchedulingProblem& problem) {
  const int count = static_cast<int>(problem.patches.size());
  const int devices = static_cast<int>(problem.devices.size());
  ScheduleResult result;
  result.assignment.assign(count, SchedulingProblem::kShed);
  std::vector<double> times(devices, 0.0);
  std::vector<int> load(devices, 0);
  int next = 0;
  for (int k = 0; k < count && devices > 0; ++k) {
    for (int tried = 0; tried < devices && result.assignment[k] == SchedulingProblem::kShed; ++tried) {
      const int device = (next + tried) % devices;
      for (int size = problem.sizeCount() - 1; size >= 0; --size) {
        if (!problem.available(device, size)) continue;
        const int option = device * problem.sizeCount() + size;
        const double finish = times[device] + (load[device] == 0 ? problem.fixedMs(device) : 0.0) +
                              problem.itemMs(k, option);
        if (finish > problem.budgetMs + 1e-9) continue;
        result.assignment[k] = option;
        times[device] = finish;
        ++load[device];
        next = device + 1;
        break;
      }
    }
  }
  finish(problem, result);
  return result;
}

}  // namespace edgescope
