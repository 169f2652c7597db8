#pragma once
/// @file CumulativeCounter.h
/// Advances a Prometheus counter by the growth of a cumulative engine counter (frames processed since the source
/// was opened, bytes a link scheduled, …). A value below the previous one means the source counter restarted (new
/// source, restarted node): the counter then grows by the new value, so it never goes down.
///
/// Threads: update() from one feeding thread at a time; the counter itself is read by scrapes on any thread.

#include <cstdint>

#include "metrics/PrometheusFwd.h"

namespace edgescope {

class CumulativeCounter {
 public:
  /// @p counter must outlive this object (it lives in a registry).
  explicit CumulativeCounter(prometheus::Counter& counter) : counter_(&counter) {}

  /// Takes the source counter's current value (@p scale converts its unit to the series' base unit, e.g. 1e-6 for
  /// microseconds → seconds).
  void update(std::uint64_t cumulative, double scale = 1.0);

 private:
  prometheus::Counter* counter_;
  std::uint64_t last_ = 0;
};

}  // namespace edgescope
