#include "paraloupe/ClusterLedger.h"

#include <algorithm>
#include <cmath>

namespace edgescope {

double ClusterLedger::reserve(const std::string& node, double nowMs, double workMs) {
  const std::lock_guard<std::mutex> lock(mutex_);
  double& busy = busyUntilMs_[node];
  busy = std::max(busy, nowMs) + (std::isfinite(workMs) ? std::max(0.0, workMs) : 0.0);
  return busy;
}

void ClusterLedger::complete(const std::string& node, double nowMs, double predictedEndMs) {
  const std::lock_guard<std::mutex> lock(mutex_);
  const auto it = busyUntilMs_.find(node);
  if (it == busyUntilMs_.end() || !std::isfinite(predictedEndMs)) return;
  it->second = nowMs + std::max(0.0, it->second - predictedEndMs);
}

double ClusterLedger::backlogMs(const std::string& node, double nowMs) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  const auto it = busyUntilMs_.find(node);
  return it == busyUntilMs_.end() ? 0.0 : std::max(0.0, it->second - nowMs);
}

void ClusterLedger::forget(const std::string& node) {
  const std::lock_guard<std::mutex> lock(mutex_);
  busyUntilMs_.erase(node);
}

}  // namespace edgescope
