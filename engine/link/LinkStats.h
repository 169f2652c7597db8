#pragma once
/// @file LinkStats.h
/// Snapshot of an emulated link's counters for the console's cluster panel and bandwidth graph. Plain values,
/// copied out under the emulator's lock: safe to keep and read on any thread.

#include <cstdint>

#include "link/LinkProfile.h"

namespace edgescope {

/// One direction (LinkEmulator::stats()).
struct LinkDirectionStats {
  std::uint64_t bytes = 0;            ///< bytes scheduled since construction (lost messages included)
  std::uint64_t messages = 0;         ///< messages scheduled since construction
  std::uint64_t droppedMessages = 0;  ///< of which lost (LinkProfile::lossPercent)
  double measuredKbps = 0.0;          ///< kilobits that left the link in the last second, per second
  double bandwidthKbps = 0.0;         ///< the configured rate
  double backlogMs = 0.0;             ///< time until everything scheduled has left the link (queueing delay)
};

/// Both directions of a DuplexLink (DuplexLink::stats()).
struct LinkStats {
  LinkProfile profile;          ///< the emulated settings
  LinkDirectionStats uplink;    ///< camera → server
  LinkDirectionStats downlink;  ///< server → camera
  std::uint64_t atUs = 0;       ///< LinkClock time of the snapshot, µs
};

}  // namespace edgescope
