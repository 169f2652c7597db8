#include "core/LatencyBreakdown.h"

namespace edgescope {

void LatencyBreakdown::add(const std::string& stage, double latencyMs) {
  for (auto& entry : stages_) {
    if (entry.first == stage) {
      entry.second += latencyMs;
      return;
    }
  }
  stages_.emplace_back(stage, latencyMs);
}

double LatencyBreakdown::stageMs(const std::string& stage) const {
  for (const auto& entry : stages_) {
    if (entry.first == stage) return entry.second;
  }
  return 0.0;
}

double LatencyBreakdown::totalMs() const {
  double sum = 0.0;
  for (const auto& entry : stages_) sum += entry.second;
  return sum;
}

}  // namespace edgescope
