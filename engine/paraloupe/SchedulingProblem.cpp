#include "paraloupe/SchedulingProblem.h"

#include <cmath>

namespace edgescope {

bool SchedulingProblem::available(int device, int size) const {
  if (device < 0 || device >= static_cast<int>(devices.size()) || size < 0 || size >= sizeCount()) return false;
  const std::vector<double>& ms = devices[device].computeMs;
  if (size >= static_cast<int>(ms.size())) return false;
  const double t = ms[size];
  if (!(t >= 0.0) || !std::isfinite(t)) return false;
  return devices[device].local || devices[device].uplinkKbps > 0.0;
}

double SchedulingProblem::itemMs(int patch, int option) const {
  const int device = deviceOf(option), size = sizeOf(option);
  const SchedulingDevice& d = devices[device];
  double ms = d.computeMs[size];
  if (!d.local) ms += patches[patch].sizeKb[size] * 8.0 / d.uplinkKbps * 1000.0;
  return ms;
}

double SchedulingProblem::fixedMs(int device) const {
  const SchedulingDevice& d = devices[device];
  return d.local ? d.overheadMs : d.backlogMs + d.rttMs + d.overheadMs;
}

double SchedulingProblem::utility(int patch, int option) const {
  const double y = patches[patch].weight;
  if (option == kShed) return kShedUtility * y;
  return y * (accuracy[sizeOf(option)] - gamma * devices[deviceOf(option)].cost);
}

std::vector<double> SchedulingProblem::deviceTimes(const Assignment& assignment) const {
  std::vector<double> times(devices.size(), 0.0);
  std::vector<bool> used(devices.size(), false);
  for (std::size_t k = 0; k < assignment.size() && k < patches.size(); ++k) {
    const int option = assignment[k];
    if (option == kShed || option < 0 || option >= optionCount()) continue;
    const int device = deviceOf(option);
    if (!available(device, sizeOf(option))) continue;
    times[device] += itemMs(static_cast<int>(k), option);
    used[device] = true;
  }
  for (std::size_t i = 0; i < devices.size(); ++i) {
    if (used[i]) times[i] += fixedMs(static_cast<int>(i));
  }
  return times;
}

double SchedulingProblem::objective(const Assignment& assignment) const {
  if (patches.empty()) return 0.0;
  double sum = 0.0;
  for (std::size_t k = 0; k < patches.size(); ++k) sum += utility(static_cast<int>(k), assignment[k]);
  return sum / static_cast<double>(patches.size());
}

bool SchedulingProblem::feasible(const Assignment& assignment) const {
  if (assignment.size() != patches.size()) return false;
  for (int option : assignment) {
    if (option == kShed) continue;
    if (option < 0 || option >= optionCount() || !available(deviceOf(option), sizeOf(option))) return false;
  }
  for (double t : deviceTimes(assignment)) {
    if (t > budgetMs + 1e-9) return false;
  }
  return true;
}

}  // namespace edgescope
