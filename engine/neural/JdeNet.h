#pragma once
/// @file JdeNet.h
/// EdgeScope's joint detection-and-embedding network (FairMOT-style, paper 000 Section V-A): a small residual
/// backbone to stride 32, an FPN-style aggregation back to stride 4, and heads for the person centre heatmap, box
/// size, centre offset, a ReID embedding and the DeepScale detectability maps (R channels, two conv layers).
/// Any input whose sides are multiples of 32 works. Only edgescope_torch includes this header.

#include <torch/torch.h>

#include "neural/JdeNetConfig.h"

namespace edgescope {

/// Raw network outputs on the stride-4 grid (N × C × H/4 × W/4).
struct JdeNetOutput {
  torch::Tensor heatmapLogits;        ///< N×1: centre heatmap, before sigmoid
  torch::Tensor size;                 ///< N×2: box width, height in output-grid cells
  torch::Tensor offset;               ///< N×2: sub-cell centre offset x, y in cells
  torch::Tensor reidHidden;           ///< N×reidHidden: features projected to embeddings by JdeNetImpl::embed
  torch::Tensor detectabilityLogits;  ///< N×R: DeepScale detectability maps, before sigmoid (undefined if skipped)
};

/// A torch module; thread: one caller at a time.
class JdeNetImpl : public torch::nn::Module {
 public:
  explicit JdeNetImpl(const JdeNetConfig& config);
  /// @p normalized: N×3×H×W, normalised RGB, H and W multiples of 32. @p withDetectability: run that head.
  JdeNetOutput forward(const torch::Tensor& normalized, bool withDetectability = true);
  /// Embeddings (K×embeddingDim, not normalised) from gathered ReID features (K×reidHidden) — the head's final 1×1
  /// convolution applied only where objects are.
  torch::Tensor embed(const torch::Tensor& gatheredHidden);
  const JdeNetConfig& config() const { return config_; }
  /// The DeepScale detectability head (two convolutions, no BatchNorm), e.g. to train it alone.
  torch::nn::Sequential& detectabilityHead() { return detectabilityHead_; }
  /// For inference only: folds every BatchNorm (with its running statistics) into the convolution before it and
  /// removes it, so a forward runs fewer passes over the activations. Outputs stay equal up to float rounding in
  /// eval mode; the module's parameter names change, so a folded network can no longer be trained, saved or
  /// loaded (JdeModelFile::save refuses it). Call before moving the network to a device. Idempotent.
  void foldBatchNorm();
  bool batchNormFolded() const { return batchNormFolded_; }

 private:
  JdeNetConfig config_;
  torch::nn::Sequential stem_{nullptr};
  std::vector<torch::nn::Sequential> stages_;
  std::vector<torch::nn::Conv2d> laterals_;
  std::vector<torch::nn::Sequential> smooth_;
  torch::nn::Sequential heatmapHead_{nullptr}, sizeHead_{nullptr}, offsetHead_{nullptr};
  torch::nn::Sequential reidHead_{nullptr}, detectabilityHead_{nullptr};
  torch::nn::Linear embedding_{nullptr};
  bool batchNormFolded_ = false;
};
TORCH_MODULE(JdeNet);

}  // namespace edgescope
