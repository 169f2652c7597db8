#include "link/LinkEmulator.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "util/Error.h"

namespace edgescope {

namespace {

constexpr double kBitsPerKilobit = 1000.0;
constexpr double kUsPerMs = 1000.0;
constexpr double kMaxDelayMs = 3600.0 * 1000.0;  // an hour: anything longer is a typo

double checked(const char* field, double value, double lo, double hi) {
  if (!std::isfinite(value) || value < lo || value > hi) {
    std::ostringstream msg;
    msg << "LinkEmulator: " << field << " " << value << " is outside [" << lo << ", " << hi << "]";
    throw Error(msg.str());
  }
  return value;
}

}  // namespace

LinkEmulator::LinkEmulator(double bandwidthKbps, double rttMs, std::uint64_t seed,
                           std::shared_ptr<const LinkClock> clock)
    : clock_(clock ? std::move(clock) : LinkClock::steady()),
      bucket_(checked("bandwidthKbps", bandwidthKbps, 1e-9, 1e12) * kBitsPerKilobit),
      rttMs_(checked("rttMs", rttMs, 0.0, kMaxDelayMs)),
      rng_(seed) {}

LinkDelivery LinkEmulator::schedule(std::uint64_t bytes, std::uint64_t sendTimeUs) {
  std::lock_guard<std::mutex> lock(mutex_);
  LinkDelivery out;
  out.departureUs = bucket_.reserve(bytes, sendTimeUs);
  const double jitterUs = rng_.uniform() * jitterMs_ * kUsPerMs;  // both draws always: streams stay aligned
  out.dropped = rng_.uniform() * 100.0 < lossPercent_;
  const double oneWayUs = rttMs_ * kUsPerMs / 2.0 + jitterUs;
  out.deliveryUs = std::max(lastDeliveryUs_, out.departureUs + static_cast<std::uint64_t>(std::llround(oneWayUs)));
  lastDeliveryUs_ = out.deliveryUs;
  totals_.bytes += bytes;
  totals_.messages += 1;
  totals_.droppedMessages += out.dropped ? 1 : 0;
  window_.expire(sendTimeUs);
  window_.add(out.departureUs, bytes);
  return out;
}

void LinkEmulator::setBandwidthKbps(double bandwidthKbps) {
  const double bits = checked("bandwidthKbps", bandwidthKbps, 1e-9, 1e12) * kBitsPerKilobit;
  std::lock_guard<std::mutex> lock(mutex_);
  bucket_.setRate(bits, clock_->nowUs());
}

void LinkEmulator::setRttMs(double rttMs) {
  checked("rttMs", rttMs, 0.0, kMaxDelayMs);
  std::lock_guard<std::mutex> lock(mutex_);
  rttMs_ = rttMs;
}

void LinkEmulator::setJitterMs(double jitterMs) {
  checked("jitterMs", jitterMs, 0.0, kMaxDelayMs);
  std::lock_guard<std::mutex> lock(mutex_);
  jitterMs_ = jitterMs;
}

void LinkEmulator::setLossPercent(double lossPercent) {
  checked("lossPercent", lossPercent, 0.0, 100.0);
  std::lock_guard<std::mutex> lock(mutex_);
  lossPercent_ = lossPercent;
}

void LinkEmulator::setBurstBytes(double burstBytes) {
  checked("burstBytes", burstBytes, 0.0, 1e12);
  std::lock_guard<std::mutex> lock(mutex_);
  bucket_.setBurstBytes(burstBytes);
}

double LinkEmulator::bandwidthKbps() const { return bucket_.rateBitsPerSecond() / kBitsPerKilobit; }

double LinkEmulator::rttMs() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return rttMs_;
}

LinkDirectionStats LinkEmulator::stats() const {
  const std::uint64_t nowUs = clock_->nowUs();
  std::lock_guard<std::mutex> lock(mutex_);
  LinkDirectionStats out = totals_;
  out.measuredKbps = window_.kbps(nowUs);
  out.bandwidthKbps = bucket_.rateBitsPerSecond() / kBitsPerKilobit;
  const std::uint64_t busyUs = bucket_.busyUntilUs();
  out.backlogMs = busyUs > nowUs ? static_cast<double>(busyUs - nowUs) / kUsPerMs : 0.0;
  return out;
}

}  // namespace edgescope
