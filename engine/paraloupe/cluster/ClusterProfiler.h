#pragma once
/// @file ClusterProfiler.h
/// ParaLoupe's view of the edge nodes (paper 002, Section III-D1; issue 20): which online nodes serve the camera's
/// patch model, and for each the scheduler's device parameters — uplink b_i (NetworkProfiler: a 64 KB probe every
/// paraloupe.bandwidthProbeS, timed against an empty probe sent just before it, plus the patch traffic), round trip (heartbeat EWMA), per-request overhead o_i (EWMA
/// of the reply's server time beyond queue and compute), backlog q_i (the Cluster's shared ledger), cost c_i
/// (NodeCostTracker: the operator's cost and the heartbeat load over costWindowS) and t_i^j per patch size (the
/// node's BatchCost profile at start — its per-batch cost goes into o_i — times a speed factor: EWMA α = 0.3 of each
/// reply's compute time over the profile's prediction for that batch; a reply that misses the frame raises the
/// factor at once by the time it was waited for over its prediction, so a node slower than it said is not trusted
/// with the next frame at the old speed; a factor above 1 fades back with τ = 2 s until a reply measures it again).
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
  static constexpr double kMaxSpeedFactor = 16.0;
  static constexpr double kSpeedRecoveryS = 2.0;
  static constexpr int kProbePairs = 2;
  ClusterProfiler() = default;
  ~ClusterProfiler();  ///< waits for probes in flight (each ends by its timeout)
  ClusterProfiler(const ClusterProfiler&) = delete;
  ClusterProfiler& operator=(const ClusterProfiler&) = delete;

  /// The online nodes serving @p sizes (the camera's patch model) with their parameters at @p nowMs (steady ms);
  /// starts due probes and takes finished ones. Never blocks.
  std::vector<ProfiledNode> refresh(Cluster& cluster, const std::vector<cv::Size>& sizes,
                                    const ParaLoupeConfig& config, double nowMs);
  /// One reply of @p node: the request's @p requestBytes, its @p roundTripMs on a link whose empty round trip is @p emptyRttMs, the node's @p serverMs (queue, decode,
  /// compute) of which @p queueMs queued and @p computeMs computed, and per patch (size index, compute ms);
  /// @p roundTripMs < 0 for a late reply read afterwards (speed only, no transfer sample).
  void addReply(const std::string& node, std::size_t requestBytes, double roundTripMs, double emptyRttMs,
                double serverMs, double queueMs, double computeMs, const std::vector<std::pair<int, double>>& patchMs);
  /// @p node missed a frame: no reply @p waitedMs after the send where the scheduler predicted @p predictedMs.
  void addLate(const std::string& node, double waitedMs, double predictedMs);
  /// Speed factor of @p node (measured / profiled compute; 1 before any reply or for an unknown node).
  double speed(const std::string& node) const;
  /// Uplink estimate of @p node, kbit/s (0 before its first probe).
  double uplinkKbps(const std::string& node) const { return network_.uplinkKbps(node); }
  /// Messages since the last call: nodes lost, back, excluded (warning, text).
  std::vector<std::pair<bool, std::string>> takeMessages();

 private:
  struct Entry {
    std::vector<double> computeMs;   ///< per camera size, as profiled; < 0 where not served
    std::vector<double> batchMs;     ///< per camera size, as profiled
    double speed = 1.0;              ///< measured / profiled compute, EWMA
    double lastRefreshS = 0.0;
    double overheadMs = 1.0;
    bool online = false;
    bool excluded = false;           ///< online but no (matching) patch model: said once
    std::future<double> probe;       ///< the 64 KB probe's transfer ms (< 0: failed)
  };
  void takeProbe(const std::string& name, Entry& entry, double nowS);
  void startProbe(const ClusterServer& server, Entry& entry, double nowS);

  NetworkProfiler network_;
  NodeCostTracker cost_;
  std::map<std::string, Entry> entries_;
  std::vector<std::pair<bool, std::string>> messages_;
};

}  // namespace edgescope
