#pragma once
/// @file LinkClock.h
/// The clock of the link emulation: microseconds on std::chrono::steady_clock since its epoch (the same values as
/// NetClock::nowUs(), so Envelope.sent_at_us and emulated delivery times compare directly). Tests derive from it
/// to drive time by hand. Stateless; any thread.

#include <cstdint>
#include <memory>

namespace edgescope {

class LinkClock {
 public:
  virtual ~LinkClock() = default;

  /// Current time, µs (steady_clock by default; not comparable across machines).
  virtual std::uint64_t nowUs() const;
  /// Blocks the calling thread until nowUs() ≥ @p timeUs; returns at once when that time has passed.
  virtual void sleepUntilUs(std::uint64_t timeUs) const;

  /// The shared steady-clock instance (the default wherever a clock is optional).
  static std::shared_ptr<const LinkClock> steady();
};

/// Sleeps the calling thread until the steady-clock time @p deliveryUs (µs, LinkClock/NetClock values): the network
/// layer calls it on the sender's thread before handing an emulated message to ZeroMQ. Returns at once when due.
void delayUntil(std::uint64_t deliveryUs);

}  // namespace edgescope
