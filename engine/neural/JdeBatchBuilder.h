#pragma once
/// @file JdeBatchBuilder.h
/// Turns augmented views into one training batch: the normalised image tensor and the JdeBatchTargets (CenterNet
/// targets per view, detectability maps where the view has them). Views of another size than the first are resized
/// to it (their detectability maps are dropped). Only edgescope_torch includes this header.

#include <vector>

#include "neural/JdeLoss.h"
#include "neural/TrainingAugmenter.h"

namespace edgescope {

/// A batch on the CPU. Value type.
struct JdeBatch {
  torch::Tensor images;  ///< N×3×H×W normalised RGB
  JdeBatchTargets targets;
  int objects = 0;       ///< real objects in the batch
};

/// Stateless.
class JdeBatchBuilder {
 public:
  /// @p detectabilityChannels: R (maps of views without targets are zeros with mask 0).
  static JdeBatch build(std::vector<AugmentedView> views, const JdeNetConfig& config);
  /// Moves every tensor of @p batch to @p device.
  static JdeBatch to(const JdeBatch& batch, const torch::Device& device);
};

}  // namespace edgescope
