#pragma once
/// @file PatchCompute.h
/// A node's ParaLoupe service (issue 20): the patch model (PatchModelRunner) profiled at start — every input size,
/// BatchCost from 20 runs at batch 1 and 8, × the device profile's slowdown — for Capabilities.patch_models, and each
/// PatchRequest served: JPEG crops decoded one by one (an undecodable crop gets a per-patch ERROR_BAD_IMAGE, the rest
/// are answered), batched by input size, run, and held until the emulated device's time for that batch
/// (BatchCost::emulate), which is shared over the batch.
///
/// Owned by NodeCompute; the compute thread (es-node-work) calls everything after construction.

#include <memory>
#include <string>
#include <vector>

#include "net/edgescope_node.pb.h"
#include "paraloupe/BatchCost.h"
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
  std::unique_ptr<PatchModelRunner> runner_;
  double slowdown_;
  std::string name_;
  std::vector<cv::Size> sizes_;
  std::vector<wire::PatchModelProfile> profiles_;
  std::vector<BatchCost> costs_;  ///< per size, slowdown applied
};

}  // namespace edgescope
