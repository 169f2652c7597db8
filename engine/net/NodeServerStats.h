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
};

}  // namespace edgescope
