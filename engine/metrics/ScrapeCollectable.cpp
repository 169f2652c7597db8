#include "metrics/ScrapeCollectable.h"

namespace edgescope {

void ScrapeCollectable::addHook(std::function<void()> hook) {
  std::lock_guard<std::mutex> lock(mutex_);
  hooks_.push_back(std::move(hook));
}

std::vector<prometheus::MetricFamily> ScrapeCollectable::Collect() const {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& hook : hooks_) hook();
  return registry_->Collect();
}

}  // namespace edgescope
