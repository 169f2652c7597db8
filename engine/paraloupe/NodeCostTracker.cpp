#include "paraloupe/NodeCostTracker.h"

#include <algorithm>
#include <cmath>

namespace edgescope {

void NodeCostTracker::setOperatorCost(const std::string& node, double cost) {
  entries_[node].operatorCost = std::isfinite(cost) ? std::clamp(cost, 0.0, 1.0) : 0.0;
}

double NodeCostTracker::operatorCost(const std::string& node) const {
  const auto it = entries_.find(node);
  return it == entries_.end() ? 0.0 : it->second.operatorCost;
}

void NodeCostTracker::addLoad(const std::string& node, double load, double nowS, double windowS) {
  if (!std::isfinite(load) || !std::isfinite(nowS)) return;
  Entry& e = entries_[node];
  const double sample = std::clamp(load, 0.0, 1.0);
  if (!e.hasLoad) {
    e.load = sample;
    e.hasLoad = true;
  } else {
    const double dt = std::max(0.0, nowS - e.lastS);
    const double alpha = 1.0 - std::exp(-dt / std::max(1e-3, windowS));
    e.load += alpha * (sample - e.load);
  }
  e.lastS = nowS;
}

double NodeCostTracker::loadAverage(const std::string& node) const {
  const auto it = entries_.find(node);
  return it == entries_.end() ? 0.0 : it->second.load;
}

double NodeCostTracker::cost(const std::string& node) const {
  const auto it = entries_.find(node);
  return it == entries_.end() ? 0.0 : std::max(it->second.operatorCost, it->second.load);
}

void NodeCostTracker::forget(const std::string& node) { entries_.erase(node); }

}  // namespace edgescope
