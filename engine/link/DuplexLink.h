#pragma once
/// @file DuplexLink.h
/// The emulated link between a camera and a server node: an uplink (camera → server) and a downlink
/// (server → camera) LinkEmulator configured from one LinkProfile, with a stats() snapshot the console polls.
///
/// Thread-safe: the emulators lock themselves; the profile is guarded by its own mutex. Owns both emulators and
/// shares the clock. Not copyable.

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "link/LinkClock.h"
#include "link/LinkEmulator.h"
#include "link/LinkProfile.h"
#include "link/LinkStats.h"

namespace edgescope {

class DuplexLink {
 public:
  /// @p seed seeds both directions' jitter/loss (independent streams); @p clock null = LinkClock::steady().
  /// Throws Error when @p profile is out of range (see LinkEmulator's setters).
  explicit DuplexLink(const LinkProfile& profile = LinkProfile(), std::uint64_t seed = LinkEmulator::kDefaultSeed,
                      std::shared_ptr<const LinkClock> clock = nullptr);
  DuplexLink(const DuplexLink&) = delete;
  DuplexLink& operator=(const DuplexLink&) = delete;

  LinkEmulator& uplink() { return uplink_; }
  LinkEmulator& downlink() { return downlink_; }

  /// Reconfigures both directions for messages scheduled from now on. Throws Error (and changes nothing) when a
  /// field is out of range.
  void setProfile(const LinkProfile& profile);
  LinkProfile profile() const;
  /// Applies one operator knob (LinkProfile::parameterSpecs() ids) and returns the applied value; throws Error
  /// naming an unknown id.
  double apply(const std::string& id, double value);

  /// Counters of both directions at the clock's current time, with the profile.
  LinkStats stats() const;
  const LinkClock& clock() const { return *clock_; }

 private:
  /// @p profile itself; throws Error naming the first field out of range.
  static const LinkProfile& validated(const LinkProfile& profile);
  void setProfileLocked(const LinkProfile& profile);
  void configure(LinkEmulator& link, double bandwidthKbps, const LinkProfile& profile);

  std::shared_ptr<const LinkClock> clock_;
  LinkEmulator uplink_;
  LinkEmulator downlink_;
  mutable std::mutex mutex_;  ///< guards profile_ and serialises reconfiguration
  LinkProfile profile_;
};

}  // namespace edgescope
