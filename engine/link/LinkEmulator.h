#pragma once
/// @file LinkEmulator.h
/// One direction of an emulated link (issue 6, device emulation): a FIFO TokenBucket at the configured bandwidth
/// followed by the one-way latency rttMs / 2, plus optional jitter and loss drawn from a seeded Rng (same seed and
/// same calls → same delivery times). It computes times only; the caller waits (delayUntil(), DelayQueue).
///
/// Thread-safe: every member locks one mutex, so the senders of a peer link may share an emulator. Owns its
/// bucket, Rng and counters; shares the clock.

#include <cstdint>
#include <memory>
#include <mutex>

#include "link/ByteRateWindow.h"
#include "link/LinkClock.h"
#include "link/LinkStats.h"
#include "link/TokenBucket.h"
#include "util/Rng.h"

namespace edgescope {

/// Result of LinkEmulator::schedule(); times in LinkClock µs.
struct LinkDelivery {
  std::uint64_t departureUs = 0;  ///< the last byte has left the sender (serialisation and queueing done)
  std::uint64_t deliveryUs = 0;   ///< the message is at the receiver: departure + rtt/2 + jitter (FIFO kept)
  bool dropped = false;           ///< lost on the way: the caller discards it (it used the link all the same)
};

class LinkEmulator {
 public:
  static constexpr std::uint64_t kDefaultSeed = 1;

  /// @p bandwidthKbps > 0, @p rttMs ≥ 0 (throws Error otherwise); @p clock null = LinkClock::steady().
  LinkEmulator(double bandwidthKbps, double rttMs, std::uint64_t seed = kDefaultSeed,
               std::shared_ptr<const LinkClock> clock = nullptr);

  /// Sends @p bytes at @p sendTimeUs: delivery = bucket departure + rttMs/2 + uniform[0, jitterMs]; with jitter a
  /// delivery is never earlier than the previous one (a TCP-like link keeps order). Counts the message.
  LinkDelivery schedule(std::uint64_t bytes, std::uint64_t sendTimeUs);
  /// schedule(bytes, clock().nowUs()).
  LinkDelivery schedule(std::uint64_t bytes) { return schedule(bytes, clock_->nowUs()); }

  /// Setters apply to messages scheduled afterwards; each throws Error naming the field for a value out of range
  /// (bandwidth > 0, rtt and jitter ≥ 0, loss 0–100, burst ≥ 0 bytes; burst 0 = pure serialisation, the default).
  void setBandwidthKbps(double bandwidthKbps);
  void setRttMs(double rttMs);
  void setJitterMs(double jitterMs);
  void setLossPercent(double lossPercent);
  void setBurstBytes(double burstBytes);
  double bandwidthKbps() const;
  double rttMs() const;

  /// Counters at clock().nowUs(): bytes, messages, losses, measured Kbps over the last second, backlog.
  LinkDirectionStats stats() const;
  const LinkClock& clock() const { return *clock_; }

 private:
  std::shared_ptr<const LinkClock> clock_;
  mutable std::mutex mutex_;
  TokenBucket bucket_;
  double rttMs_ = 0.0;
  double jitterMs_ = 0.0;
  double lossPercent_ = 0.0;
  Rng rng_;
  std::uint64_t lastDeliveryUs_ = 0;
  LinkDirectionStats totals_;
  mutable ByteRateWindow window_;
};

}  // namespace edgescope
