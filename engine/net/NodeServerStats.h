#pragma once
/// @file NodeServerStats.h
/// Counters of a NodeServer (a snapshot; value type).

#include <cstdint>

namespace edgescope {

struct NodeServerStats {
  std::uint64_t received = 0;          ///< messages received (any content)
  std::uint64_t dropped = 0;           ///< undecodable: garbage, truncated, oversized, wrong framing (no reply)
  std::uint64_t refusedKeys = 0;       ///< CURVE handshakes refused by the ZAP handler (unknown key)
  std::uint64_t handshakes = 0;        ///< accepted hellos
  std::uint64_t notHandshaken = 0;     ///< requests answered "handshake first"
  std::uint64_t served = 0;            ///< compute requests answered with a result
  std::uint64_t deadlineExceeded = 0;  ///< answered "deadline exceeded" without running
  std::uint64_t busy = 0;              ///< answered BUSY (queue full)
  std::uint64_t failed = 0;            ///< answered with a compute or image error
  std::uint64_t bytesIn = 0;           ///< payload bytes received
  std::uint64_t bytesOut = 0;          ///< payload bytes sent
  std::uint64_t queueDepth = 0;        ///< requests waiting or running now
  std::uint64_t busyUs = 0;            ///< time the compute thread spent computing, microseconds
  std::uint64_t turboUs = 0;           ///< Turbo: part of busyUs spent enhancing (slowdown included), microseconds
  std::uint64_t turboEnhanced = 0;     ///< Turbo: requests answered from an exit > 0
  std::uint64_t turboYielded = 0;      ///< Turbo: requests whose enhancer a yield point stopped before the planned exit
  std::uint64_t turboMissed = 0;       ///< Turbo: replies sent after their due time (NodeTurbo), whatever the cause
  std::uint64_t turboMissedAfterEnhancing = 0;  ///< … of them, with enhancement run between their arrival and reply
  std::uint64_t amsRequests = 0;                ///< AMS requests received (issue 22)
  std::uint64_t amsHeldPolls = 0;               ///< AMS update polls held now
};

}  // namespace edgescope
