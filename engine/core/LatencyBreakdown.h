#pragma once
/// @file LatencyBreakdown.h
/// Per-stage wall-clock latency of one processed frame (units: milliseconds).

#include <string>
#include <utility>
#include <vector>

namespace edgescope {

/// Ordered list of (stage, milliseconds). Value type; copied into every snapshot.
class LatencyBreakdown {
 public:
  /// Adds @p latencyMs to @p stage (creates the stage at the end if new).
  void add(const std::string& stage, double latencyMs);
  /// Milliseconds recorded for @p stage, 0 if absent.
  double stageMs(const std::string& stage) const;
  /// Sum over all stages.
  double totalMs() const;
  const std::vector<std::pair<std::string, double>>& stages() const { return stages_; }

 private:
  std::vector<std::pair<std::string, double>> stages_;
};

}  // namespace edgescope
