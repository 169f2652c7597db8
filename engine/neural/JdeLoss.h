#pragma once
/// @file JdeLoss.h
/// The training objective of paper 000, Eqs. 2–4: uncertainty-weighted detection loss (CenterNet focal heatmap loss
/// + box L1 + identity cross-entropy, learnable ω1, ω2) plus λ · the detectability focal loss. Only edgescope_torch
/// includes this header.

#include <torch/torch.h>

#include "neural/JdeNet.h"

namespace edgescope {

/// A batch of targets (N images, M object slots, R resolutions, h × w output grid).
struct JdeBatchTargets {
  torch::Tensor heatmap;            ///< N×1×h×w float
  torch::Tensor index;              ///< N×M long: row · w + col of each object's centre cell
  torch::Tensor mask;               ///< N×M float: 1 for real objects
  torch::Tensor size;               ///< N×M×2 float, cells
  torch::Tensor offset;             ///< N×M×2 float, cells
  torch::Tensor identity;           ///< N×M long, −1 = unknown identity
  torch::Tensor teacher;            ///< N×M long: row of the ReID teacher's embedding table, −1 = none
  torch::Tensor detectability;      ///< N×R×h×w float
  torch::Tensor detectabilityMask;  ///< N float: 1 where the image has detectability targets
};

/// Loss terms of one batch (scalars; `total` carries the gradient).
struct JdeLossTerms {
  torch::Tensor heatmap, box, identity, detectability, total;
  torch::Tensor distill;  ///< 1 − cosine(projected embedding, teacher embedding), mean over objects; 0 without
};

/// Owns the learnable ω1, ω2 and the identity classifier (training only). Thread: the trainer's.
class JdeLossImpl : public torch::nn::Module {
 public:
  static constexpr double kSizeWeight = 0.1;  ///< box L1: 0.1 · size + offset (FairMOT)
  /// With relative sizes: L1 of (predicted − target) / target. Weight 1 matches the absolute term's 0.1 · size for
  /// a typical person (≈ 5 × 15 cells), but no longer lets small views (the lower DeepScale resolutions) count less.
  static constexpr double kRelativeSizeWeight = 1.0;

  /// @p identities: number of identity classes (0 = no ReID training); @p lambda: weight of the detectability loss;
  /// @p relativeSize: size L1 relative to the target size instead of in cells; @p teacherDim > 0: distil a ReID
  /// teacher's embeddings of that length through a learnt linear projection (weight @p distillWeight, added to the
  /// identity term inside Eq. 4's ω2 weighting).
  JdeLossImpl(int embeddingDim, int identities, double lambda = 1.0, bool relativeSize = false, int teacherDim = 0,
              double distillWeight = 1.0);
  /// The teacher's L2-normalised embeddings (T×teacherDim; JdeBatchTargets::teacher indexes its rows). Not a
  /// parameter or buffer: it is not saved with checkpoints (the trainer rebuilds it).
  void setTeacherEmbeddings(torch::Tensor table) { teacherTable_ = std::move(table); }
  /// Mean 1 − cos(normalise(projection(@p embeddings)), @p teacher) over rows (K×embeddingDim, K×teacherDim).
  torch::Tensor distillLoss(const torch::Tensor& embeddings, const torch::Tensor& teacher);
  JdeLossTerms forward(JdeNet& net, const JdeNetOutput& out, const JdeBatchTargets& targets);

  /// CenterNet/Eq. 2 focal loss (α = 2, β = 4) of @p logits against Gaussian @p target (same shape), normalised
  /// by the number of peaks (target == 1; at least 1). @p weight (optional, broadcastable) masks whole images.
  static torch::Tensor focalLoss(const torch::Tensor& logits, const torch::Tensor& target,
                                 const torch::Tensor& weight = {});
  /// Gathers N×C×h×w features at N×M flat indices → N×M×C.
  static torch::Tensor gather(const torch::Tensor& map, const torch::Tensor& index);

  double lambda() const { return lambda_; }
  int identities() const { return identities_; }
  torch::Tensor omegaDetection() const { return omegaDetection_; }
  torch::Tensor omegaIdentity() const { return omegaIdentity_; }

 private:
  int identities_;
  double lambda_;
  bool relativeSize_;
  double embeddingScale_;
  torch::Tensor omegaDetection_, omegaIdentity_;
  torch::nn::Linear classifier_{nullptr};
  double distillWeight_ = 1.0;
  torch::nn::Linear projection_{nullptr};
  torch::Tensor teacherTable_;
};
TORCH_MODULE(JdeLoss);

}  // namespace edgescope
