#pragma once
/// @file JdeNet.h
/// EdgeScope's joint detection-and-embedding network (FairMOT-style, paper 000 Section V-A): a backbone to stride 32,
/// an FPN-style aggregation back to the output stride (4 or 8), and heads for the person centre heatmap, box size,
/// centre offset, a ReID embedding and the DeepScale detectability maps (R channels, two conv layers). The backbone
/// is either the project's small residual network or an imported ONNX graph (JdeBackboneSpec: e.g. yolox_nano up to
/// its PAFPN, whose outputs at strides 8/16/32 — and a stride-4 value — are tapped by name and kept explicit as an
/// OnnxGraph submodule "backbone"). Any input whose sides are multiples of 32 works. Only edgescope_torch includes
/// this header.

#include <torch/torch.h>

#include "neural/JdeNetConfig.h"
#include "neural/OnnxGraph.h"

namespace edgescope {

/// Raw network outputs on the output grid (N × C × H/s × W/s, s = JdeNetConfig::strideOut).
struct JdeNetOutput {
  torch::Tensor heatmapLogits;        ///< N×1: centre heatmap, before sigmoid
  torch::Tensor size;                 ///< N×2: box width, height in output-grid cells
  torch::Tensor offset;               ///< N×2: sub-cell centre offset x, y in cells
  torch::Tensor reidHidden;           ///< N×reidHidden: features projected to embeddings by JdeNetImpl::embed
  torch::Tensor detectabilityLogits;  ///< N×R: DeepScale detectability maps, before sigmoid (undefined if skipped)
};

/// One encoder pass, kept so that later passes can re-enter after a level (Turbo, paper 004): `levels[0]` is the
/// normalised input, `levels[ℓ]` the backbone's output at stride 2^ℓ (ℓ = 1 … β, β = JdeNetImpl::encoderLevels()),
/// `features` the values the neck reads (finest first). Value type (tensors are reference counted).
struct JdeEncoding {
  std::vector<torch::Tensor> levels;
  std::vector<torch::Tensor> features;
};

/// A torch module; thread: one caller at a time.
class JdeNetImpl : public torch::nn::Module {
 public:
  /// An ONNX backbone needs config.backbone.graph (its weights start at zero: load or copy them in). Throws Error
  /// when the config is invalid or the graph lacks a tapped value.
  explicit JdeNetImpl(const JdeNetConfig& config);
  /// @p normalized: N×3×H×W, normalised RGB, H and W multiples of 32. @p withDetectability: run that head.
  JdeNetOutput forward(const torch::Tensor& normalized, bool withDetectability = true);
  /// The backbone alone: every level and the neck's inputs of @p normalized.
  JdeEncoding encode(const torch::Tensor& normalized);
  /// The neck and heads on an encoder pass (forward() == heads(encode(x).features) bit for bit).
  JdeNetOutput heads(const std::vector<torch::Tensor>& features, bool withDetectability = true);
  /// Re-enters the backbone after level @p level (0 … β − 1) with @p levels[0 … level] (e.g. an enhancer's output at
  /// @p level and the first pass's finer levels) and recomputes the deeper levels: the result's levels are the given
  /// ones up to @p level and the new ones after it, its features the neck's inputs. With unchanged levels it equals
  /// encode() bit for bit.
  JdeEncoding encodeFrom(int level, const std::vector<torch::Tensor>& levels);
  /// β: the number of backbone levels (strides 2 … 2^β).
  int encoderLevels() const { return static_cast<int>(levelChannels_.size()) - 1; }
  /// Channels of each level, level 0 (the input, 3) first.
  const std::vector<int>& levelChannels() const { return levelChannels_; }
  /// The imported graph's value name of each level (empty for the residual backbone).
  const std::vector<std::string>& levelValues() const { return levelValues_; }
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
  /// The imported backbone graph (null for the residual backbone).
  const std::shared_ptr<OnnxGraph>& onnxBackbone() const { return onnxBackbone_; }
  /// Parameters of the backbone (imported or residual), and all others (neck, heads, embedding).
  std::vector<torch::Tensor> backboneParameters() const;
  std::vector<torch::Tensor> newParameters() const;

 private:
  /// Backbone features from finest to coarsest (strides 4, 8, 16, 32; or 8, 16, 32 for strideOut 8).
  std::vector<torch::Tensor> features(const torch::Tensor& normalized);

  JdeNetConfig config_;
  std::shared_ptr<OnnxGraph> onnxBackbone_;
  std::vector<std::string> taps_;  ///< graph values, finest first
  std::vector<std::string> levelValues_;  ///< imported backbone: graph value of each level (0 = the input)
  std::vector<int> levelChannels_;        ///< channels of each level, 0 = input
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
