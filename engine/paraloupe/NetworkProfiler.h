#pragma once
/// @file NetworkProfiler.h
/// The network profiler of paper 002 (Section III-D1) per node, without iperf: every paraloupe.bandwidthProbeS the
/// camera sends a kProbeBytes BandwidthProbe, and (probe round trip − empty round trip) is the time those bytes took
/// on the uplink; between probes every patch request adds a sample (its bytes over its transfer time: round trip −
/// the node's own time − the empty round trip). Samples are averaged with α = 0.3; a probe sample counts double.
/// Value type; one engine thread.

#include <cstddef>
#include <map>
#include <string>

namespace edgescope {

class NetworkProfiler {
 public:
  static constexpr std::size_t kProbeBytes = 64 * 1024;
  static constexpr double kMinTransferMs = 3.0;
  static constexpr double kAlpha = 0.3;

  /// A probe of @p bytes that took @p roundTripMs, on a link whose empty round trip is @p emptyRttMs, at @p nowS.
  /// Ignored when the difference is not positive (the estimate would be infinite).
  void addProbe(const std::string& node, std::size_t bytes, double roundTripMs, double emptyRttMs, double nowS);
  /// Patch traffic: @p bytes whose uplink transfer took @p transferMs (ignored when ≤ kMinTransferMs or below 4 KB: shorter transfers are
  /// mostly the host's timing noise).
  void addTransfer(const std::string& node, std::size_t bytes, double transferMs);
  /// Uplink estimate in kbit/s; 0 before the first sample.
  double uplinkKbps(const std::string& node) const;
  /// True when @p node was never probed or its last probe is @p intervalS old at @p nowS.
  bool probeDue(const std::string& node, double nowS, double intervalS) const;
  void forget(const std::string& node);

 private:
  struct Entry {
    double kbps = 0.0;
    double lastProbeS = -1e300;
    bool probed = false;
  };
  void add(Entry& e, double kbps, double weight);
  std::map<std::string, Entry> entries_;
};

}  // namespace edgescope
