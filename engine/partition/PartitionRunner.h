#pragma once
/// @file PartitionRunner.h
/// The camera side of paper 000's partition strategies (Section IV; issue 6) for one video stream: CO, SO, SOAT and
/// SAT over the nodes of a Cluster, with fallback to CO while no server node is online and resumption when one is.
/// Implements PartitionModule for EngineSession; `edgescope-cli partition-bench` drives it directly.
///
/// Per frame it measures (PartitionFrame): camera ms (encode/resize/local compute), server ms (the reply's
/// Envelope.server_ms: queue + compute + emulated slowdown), transmission ms (round trip − server ms: the emulated
/// link, ZeroMQ and protobuf), end-to-end ms, and the request/reply sizes.
///
/// Thread: the owning engine thread (or the CLI's main thread) calls everything; the Cluster is shared.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <opencv2/core/types.hpp>

#include "link/LinkProfile.h"
#include "net/edgescope_node.pb.h"
#include "partition/Cluster.h"
#include "partition/PartitionConfig.h"
#include "session/PartitionModule.h"

namespace edgescope {

class PartitionRunner : public PartitionModule {
 public:
  /// @p cluster: shared with other streams (console sessions). @p streamId names this stream on the servers.
  PartitionRunner(std::shared_ptr<Cluster> cluster, std::string streamId);

  std::vector<ParameterSpec> parameterSpecs() const override;
  double apply(const std::string& id, double value) override;
  TrackingPipeline::Result process(const Frame& frame, TrackingPipeline& local, PartitionFrame& partition) override;
  void restart() override;
  std::string command(const EngineCommand& command) override;
  std::vector<ClusterNodeView> nodes() const override;
  std::vector<std::pair<bool, std::string>> takeMessages() override;

  const PartitionConfig& config() const { return config_; }
  void setConfig(const PartitionConfig& config) { config_ = config; }
  Cluster& cluster() { return *cluster_; }

 private:
  TrackingPipeline::Result runRemote(const Frame& frame, TrackingPipeline& local, const ClusterServer& server,
                                     PartitionFrame& partition);
  TrackingPipeline::Result runServerTracking(const Frame& frame, TrackingPipeline& local, const ClusterServer& server,
                                             PartitionFrame& partition);
  TrackingPipeline::Result runAssisted(const Frame& frame, TrackingPipeline& local, const ClusterServer& server,
                                       PartitionFrame& partition);
  /// Sends @p request to @p server and waits for the reply (timeout: config_.requestTimeoutMs); fills the server,
  /// transmission and size columns of @p partition. Throws Error naming the peer on error, timeout or loss.
  wire::Envelope exchange(const ClusterServer& server, wire::Envelope request, PartitionFrame& partition);
  /// True when frame @p number starts a new K-frame cycle (first frame, K passed, or the number went backwards).
  bool cycleDue(std::int64_t number);
  void note(bool warning, std::string text);

  std::shared_ptr<Cluster> cluster_;
  std::string streamId_;
  PartitionConfig config_;
  LinkProfile link_;
  std::int64_t cycleStart_ = -1;
  std::int64_t lastFrame_ = 0;
  cv::Size nextSize_;          ///< SOAT/SAT: size chosen for the frames between re-selections
  bool resetServer_ = true;    ///< the next TrackRequest asks the server to forget the stream's tracks
  std::string lastMode_;       ///< strategy (+ node) of the previous frame, for transition messages
  std::string inUse_;
  std::vector<std::pair<bool, std::string>> messages_;
};

}  // namespace edgescope
