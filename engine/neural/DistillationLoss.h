#pragma once
/// @file DistillationLoss.h
/// The objective with which AMS distils a teacher into the camera's network (paper 003; issue 22): the CenterNet
/// heatmap focal loss (JdeLossImpl::focalLoss, α 2, β 4) plus JdeLoss's box L1 (0.1 · size + offset, in cells,
/// normalised by the number of objects) against the teacher's confident boxes. The teacher's doubtful boxes are
/// ignore regions: their output-grid cells get heatmap weight 0 where the target heatmap is 0 (neither object nor
/// background). No identity, detectability or ω terms. Only edgescope_torch includes this header.

#include <torch/torch.h>

#include <vector>

#include "neural/JdeBatchBuilder.h"
#include "neural/JdeNet.h"
#include "neural/TrainingAugmenter.h"

namespace edgescope {

/// One batch of crops with its targets. Value type (tensors are reference counted).
struct DistillationBatch {
  JdeBatch batch;               ///< images (N×3×H×W) and CenterNet targets of the positives (JdeBatchBuilder)
  torch::Tensor heatmapWeight;  ///< N×1×h×w float: 0 inside ignore boxes where the target heatmap is 0, else 1
};

/// Stateless; any thread (tensors of one batch: one thread at a time).
class DistillationLoss {
 public:
  /// LabeledBox::identity of an ignore box in the views given to build() (TrainingAugmenter keeps identities).
  static constexpr int kIgnoreIdentity = -2;

  /// The batch of @p views (crop pixels): boxes with identity kIgnoreIdentity are ignore regions, the others
  /// positives. Views of another size than the first are resized to it (as JdeBatchBuilder does). On the CPU.
  /// Throws Error for an empty list.
  static DistillationBatch build(std::vector<AugmentedView> views, const JdeNetConfig& config);
  /// Moves every tensor of @p batch to @p device.
  static DistillationBatch to(const DistillationBatch& batch, const torch::Device& device);
  /// The scalar loss (carries the gradient) of the network outputs @p out on @p batch (same device).
  static torch::Tensor loss(const JdeNetOutput& out, const DistillationBatch& batch);
};

}  // namespace edgescope
