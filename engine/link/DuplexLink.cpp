#include "link/DuplexLink.h"

#include <cmath>

#include "util/Error.h"
#include "util/Rng.h"

namespace edgescope {

namespace {

constexpr std::uint64_t kUplinkStream = 1;
constexpr std::uint64_t kDownlinkStream = 2;

}  // namespace

DuplexLink::DuplexLink(const LinkProfile& profile, std::uint64_t seed, std::shared_ptr<const LinkClock> clock)
    : clock_(clock ? std::move(clock) : LinkClock::steady()),
      uplink_(validated(profile).uplinkKbps, profile.rttMs, Rng::mix(seed, kUplinkStream), clock_),
      downlink_(profile.downlinkKbps, profile.rttMs, Rng::mix(seed, kDownlinkStream), clock_),
      profile_(profile) {
  std::lock_guard<std::mutex> lock(mutex_);
  setProfileLocked(profile);
}

const LinkProfile& DuplexLink::validated(const LinkProfile& p) {
  const auto bad = [&](const char* field) {
    return Error("DuplexLink: profile '" + p.toString() + "': field '" + field + "' is out of range");
  };
  if (!(p.uplinkKbps > 0) || !std::isfinite(p.uplinkKbps)) throw bad("uplinkKbps");
  if (!(p.downlinkKbps > 0) || !std::isfinite(p.downlinkKbps)) throw bad("downlinkKbps");
  if (!(p.rttMs >= 0) || !std::isfinite(p.rttMs)) throw bad("rttMs");
  if (!(p.jitterMs >= 0) || !std::isfinite(p.jitterMs)) throw bad("jitterMs");
  if (!(p.lossPercent >= 0 && p.lossPercent <= 100)) throw bad("lossPercent");
  return p;
}

void DuplexLink::configure(LinkEmulator& link, double bandwidthKbps, const LinkProfile& profile) {
  link.setBandwidthKbps(bandwidthKbps);
  link.setRttMs(profile.rttMs);
  link.setJitterMs(profile.jitterMs);
  link.setLossPercent(profile.lossPercent);
}

void DuplexLink::setProfile(const LinkProfile& profile) {
  std::lock_guard<std::mutex> lock(mutex_);
  setProfileLocked(profile);
}

void DuplexLink::setProfileLocked(const LinkProfile& profile) {
  validated(profile);
  configure(uplink_, profile.uplinkKbps, profile);
  configure(downlink_, profile.downlinkKbps, profile);
  profile_ = profile;
}

LinkProfile DuplexLink::profile() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return profile_;
}

double DuplexLink::apply(const std::string& id, double value) {
  std::lock_guard<std::mutex> lock(mutex_);
  LinkProfile next = profile_;
  const double applied = next.apply(id, value);
  setProfileLocked(next);
  return applied;
}

LinkStats DuplexLink::stats() const {
  LinkStats out;
  out.atUs = clock_->nowUs();
  out.profile = profile();
  out.uplink = uplink_.stats();
  out.downlink = downlink_.stats();
  return out;
}

}  // namespace edgescope
