#pragma once
/// @file NetClock.h
/// The steady clock in the units the node protocol uses (Envelope.sent_at_us). Header-only; any thread.

#include <chrono>
#include <cstdint>

namespace edgescope {

class NetClock {
 public:
  /// Microseconds since the steady clock's epoch (not comparable across machines).
  static std::uint64_t nowUs() {
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch())
            .count());
  }
  static double nowMs() { return static_cast<double>(nowUs()) / 1000.0; }
};

}  // namespace edgescope
