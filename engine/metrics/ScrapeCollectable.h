#pragma once
/// @file ScrapeCollectable.h
/// What MetricsServer's exposer collects: runs the scrape hooks, then collects the registry. Internal to
/// MetricsServer.
///
/// Threads: addHook() on the owner's thread, Collect() on civetweb's threads (serialised by a mutex).

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include <prometheus/collectable.h>
#include <prometheus/registry.h>

namespace edgescope {

class ScrapeCollectable : public prometheus::Collectable {
 public:
  explicit ScrapeCollectable(std::shared_ptr<prometheus::Registry> registry) : registry_(std::move(registry)) {}

  void addHook(std::function<void()> hook);
  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  mutable std::mutex mutex_;
  std::vector<std::function<void()>> hooks_;
};

}  // namespace edgescope
