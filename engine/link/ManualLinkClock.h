#pragma once
/// @file ManualLinkClock.h
/// A LinkClock that only moves when told: the virtual time of an emulation (edgescope-cli ams-bench), where link
/// deliveries are computed for times that the emulation sets rather than waited for.

#include <atomic>
#include <cstdint>

#include "link/LinkClock.h"

namespace edgescope {

/// Thread-safe (atomic). sleepUntilUs() moves the clock forward instead of blocking.
class ManualLinkClock : public LinkClock {
 public:
  std::uint64_t nowUs() const override { return nowUs_.load(); }
  void sleepUntilUs(std::uint64_t timeUs) const override {
    std::uint64_t now = nowUs_.load();
    while (timeUs > now && !nowUs_.compare_exchange_weak(now, timeUs)) {
    }
  }
  /// Sets the time, µs (may move backwards; callers keep it monotonic).
  void setUs(std::uint64_t timeUs) { nowUs_.store(timeUs); }

 private:
  mutable std::atomic<std::uint64_t> nowUs_{0};
};

}  // namespace edgescope
