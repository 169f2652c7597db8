#pragma once
/// @file UtcTime.h
/// Wall-clock time as ISO-8601 UTC text ("2026-11-23T02:10:00Z"), for session manifests. Stateless; any thread.

#include <string>

namespace edgescope {

class UtcTime {
 public:
  /// The current time, whole seconds.
  static std::string now();
};

}  // namespace edgescope
