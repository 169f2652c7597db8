#pragma once
/// @file ClusterProfiler.h
/// ParaLoupe's view of the edge nodes (paper 002, Section III-D1; issue 20): which online nodes serve the camera's
/// patch model, and for each the scheduler's device parameters — uplink b_i (NetworkProfiler: a 64 KB probe every
/// paraloupe.bandwidthProbeS plus the patch traffic), round trip (heartbeat EWMA), per-request overhead o_i (EWMA
/// of the reply's server time beyond queue and compute), backlog q_i (the Cluster's shared ledger), cost c_i
/// (NodeCostTracker: the operator's cost and the heartbeat load over costWindowS) and t_i^j per patch size (the
/// node's profile at start, refined from every reply's per-patch ms, EWMA α = 0.3).
///
/// A node that was never probed is left out until its first probe returns (≈ one round trip and 64 KB later).
/// Probes run on their own short-lived thread each, so the engine thread never blocks on them.
///
/// Thread: the owning engine thread; the Cluster is shared.

#include <future>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <opencv2/core/types.hpp>

#include "paraloupe/NetworkProfiler.h"
#include "paraloupe/NodeCostTracker.h"
#include "paraloupe/ParaLoupeConfig.h"
#include "paraloupe/SchedulingProblem.h"
#include "partition/Cluster.h"

namespace edgescope {

/// A node the scheduler may use this frame.
struct ProfiledNode {
  ClusterServer server;
  SchedulingDevice device;  ///< computeMs aligned with the camera model's sizes (−1: size not served there)
};

class ClusterProfiler {
 public:
  static constexpr double kAlpha = 0.3;
  static constexpr int kProbeTimeoutMs = 3000;
  ClusterProfiler() = default;
  ~ClusterProfiler();  ///< waits for probes in flight (each ends by its timeout)
  ClusterProfiler(const ClusterProfiler&) = delete;
  ClusterProfiler& operator=(const ClusterProfiler&) = delete;

  /// The online nodes serving @p sizes (the camera's patch model) with their parameters at @p nowMs (steady ms);
  /// starts due probes and takes finished ones. Never blocks.
  std::vector<ProfiledNode> refresh(Cluster& cluster, const std::vector<cv::Size>& sizes,
                                    const ParaLoupeConfig& config, double nowMs);
  /// One reply of @p node: the request's @p requestBytes, its @p roundTripMs on a link whose empty round trip is @p emptyRttMs, the node's @p serverMs (queue, decode,
  /// compute) of which @p queueMs queued and @p computeMs computed, and per patch (size index, compute ms).
  void addReply(const std::string& node, std::size_t requestBytes, double roundTripMs, double emptyRttMs,
                double serverMs, double queueMs, double computeMs, const std::vector<std::pair<int, double>>& patchMs);
  /// Uplink estimate of @p node, kbit/s (0 before its first probe).
  double uplinkKbps(const std::string& node) const { return network_.uplinkKbps(node); }
  /// Messages since the last call: nodes lost, back, excluded (warning, text).
  std::vector<std::pair<bool, std::string>> takeMessages();

 private:
  struct Entry {
    std::vector<double> computeMs;   ///< per camera size; < 0 where not served
    double overheadMs = 1.0;
    bool online = false;
    bool excluded = false;           ///< online but no (matching) patch model: said once
    std::future<double> probe;       ///< probe round trip ms (< 0: failed)
    double probeRttMs = 0.0;         ///< empty round trip when the probe left
  };
  void takeProbe(const std::string& name, Entry& entry, double nowS);
  void startProbe(const ClusterServer& server, Entry& entry, double nowS);

  NetworkProfiler network_;
  NodeCostTracker cost_;
  std::map<std::string, Entry> entries_;
  std::vector<std::pair<bool, std::string>> messages_;
};

}  // namespace edgescope
