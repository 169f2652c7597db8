#pragma once
/// @file MemoryCap.h
/// The process's address-space limit (RLIMIT_AS) for device emulation (DeviceProfile::applyMemoryCap()). All
/// members are process-wide; call from the node's start-up thread.

#include <cstdint>
#include <string>

namespace edgescope {

class MemoryCap {
 public:
  /// Virtual memory the process maps now (bytes, from /proc/self/statm); 0 when unknown.
  static std::uint64_t mappedBytes();
  /// The soft RLIMIT_AS (bytes); UINT64_MAX when unlimited or unknown.
  static std::uint64_t softLimitBytes();
  /// Sets the soft RLIMIT_AS to @p capBytes, keeping the hard limit. Returns "" on success, otherwise the reason
  /// (the hard limit is lower, the process already maps at least that much, setrlimit failed), changing nothing.
  static std::string apply(std::uint64_t capBytes);
  /// Sets the soft RLIMIT_AS back to the hard limit (undoes apply()). Returns "" or the reason.
  static std::string lift();
};

}  // namespace edgescope
