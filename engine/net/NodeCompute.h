#pragma once
/// @file NodeCompute.h
/// What a node computes for one request: JPEG decode, detection at the requested input size, DeepScale selection,
/// embeddings, and (through StreamTrackers) tracking. Runs on the node's compute thread (es-node-work).

#include <memory>
#include <string>

#include "deepscale/LadderWarmUp.h"
#include "net/NodeTurbo.h"
#include "net/edgescope_node.pb.h"

namespace edgescope {

class Detector;
class PatchCompute;
class ScalableDetector;
class StreamTrackers;

/// Owned by NodeServer; all calls from the compute thread only (the detector keeps scratch buffers).
class NodeCompute {
 public:
  /// Creates the detector from @p detectorSpec (DetectorFactory). @p slowdown ≥ 1 emulates a slower device: each
  /// request's compute time is stretched to slowdown × the measured time (sleeping the difference).
  /// Throws Error naming the spec when the detector cannot be created.
  /// @p patchModel: a ParaLoupe patch model to serve PatchRequests with ("" = none: they are ERROR_UNSUPPORTED);
  /// loaded and profiled here (PatchCompute), Error naming the file when it cannot be.
  /// @p turbo: with a spec, the detector's Turbo enhancer is loaded, its latency profile warmed up (≤ 3 s, cached)
  /// and NodeTurbo plans each detect request's exit; Error naming the detector when it has no enhancer support, or
  /// naming the files when they are missing or built for another detector.
  NodeCompute(const std::string& detectorSpec, double slowdown, const std::string& patchModel = {}, int threads = 0,
              const NodeTurbo::Settings& turbo = {});
  ~NodeCompute();

  /// The reply envelope (detect_reply, track_reply or error) to @p request, with request_id and echo_sent_at_us set.
  /// @p peer identifies the requester (its trackers); @p queueMs is the time the request waited. Never throws:
  /// a bad image is Error BAD_IMAGE naming the request id, a detector failure Error COMPUTE.
  wire::Envelope run(const wire::Envelope& request, const std::string& peer, double queueMs);

  /// Display name of the detector ("hog", "jde:…").
  std::string detectorName() const;
  bool supportsDeepScale() const { return scalable_ != nullptr; }
  const std::string& detectorSpec() const { return detectorSpec_; }
  /// The patch service, or null without a patch model.
  const PatchCompute* patches() const { return patches_.get(); }
  /// The queue planner while Turbo is on, else null (compute thread; the worker feeds it the queue).
  NodeTurbo* turbo() { return turbo_.get(); }
  bool turboOn() const { return turbo_ != nullptr; }
  /// The enhancer spec served ("" = Turbo off), for the capabilities.
  const std::string& turboModel() const { return turboModel_; }

 private:
  void detect(const wire::DetectRequest& request, wire::DetectReply* reply);
  void stretch(double computeMs) const;
  void enableTurbo(const NodeTurbo::Settings& settings);

  std::string detectorSpec_;
  double slowdown_;
  std::unique_ptr<Detector> detector_;
  ScalableDetector* scalable_ = nullptr;
  std::unique_ptr<StreamTrackers> trackers_;
  std::unique_ptr<PatchCompute> patches_;
  LadderWarmUp warmUp_;  ///< of detector_, for the source size of the latest selection request
  std::unique_ptr<NodeTurbo> turbo_;
  std::string turboModel_;
};

}  // namespace edgescope
