#pragma once
/// @file PatchCompute.h
/// A node's ParaLoupe service (issue 20): the patch model (PatchModelRunner) profiled at start — every input size,
/// 20 batch-8 runs with the device profile's slowdown applied — for Capabilities.patch_models, and each PatchRequest
/// served: JPEG crops decoded one by one (an undecodable crop gets a per-patch ERROR_BAD_IMAGE, the rest are
/// answered), batched by input size, run, compute time stretched by the slowdown and shared over the batch.
///
/// Owned by NodeCompute; the compute thread (es-node-work) calls everything after construction.

#include <memory>
#include <string>
#include <vector>

#include "net/edgescope_node.pb.h"
#include "paraloupe/PatchModelRunner.h"

namespace edgescope {

class PatchCompute {
 public:
  static constexpr int kProfileRuns = 20;

  /// Loads the patch model at @p path (PatchModelRunner::create errors propagate, naming the file) and profiles it.
  PatchCompute(const std::string& path, double slowdown, int threads);
  /// Capabilities.patch_models entries (sizes, profiled per-patch ms, accuracy).
  const std::vector<wire::PatchModelProfile>& profiles() const { return profiles_; }
  const std::string& name() const { return name_; }
  /// Serves @p request into @p reply. Throws Error "wire: field patch_request…" for a size the model does not serve.
  void run(const wire::PatchRequest& request, wire::PatchReply* reply);

 private:
  /// Sleeps so that @p computeMs of work takes slowdown × computeMs.
  void stretch(double computeMs) const;

  std::unique_ptr<PatchModelRunner> runner_;
  double slowdown_;
  std::string name_;
  std::vector<cv::Size> sizes_;
  std::vector<wire::PatchModelProfile> profiles_;
};

}  // namespace edgescope
