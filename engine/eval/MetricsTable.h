#pragma once
/// @file MetricsTable.h
/// The metrics as a readable plain-text table (rates in percent), for terminals and logs.

#include <string>

#include "eval/MotMetrics.h"

namespace edgescope {

/// Stateless; call from any thread.
class MetricsTable {
 public:
  /// Multi-line text ending in a newline; @p title (e.g. the file names) is the first line when not empty.
  static std::string format(const MotMetrics& metrics, const std::string& title = {});
};

}  // namespace edgescope
