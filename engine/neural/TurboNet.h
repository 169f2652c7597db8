#pragma once
/// @file TurboNet.h
/// Turbo's enhancer and discriminators for one JDE detector (paper 004 §4). The generator G is a U-Net whose encoder
/// is the detector's own frozen backbone (JdeNetImpl::encode): the decoder has one up-block per backbone level,
/// mirroring it, with skips from the encoder pass. Block k (k = 1 … β) turns the previous block's features into a
/// tensor shaped like backbone level β − k: that level's first-pass value plus a residual whose last convolution is
/// zero-initialised, so an untrained enhancer changes nothing. Exit κ runs blocks 1 … κ and re-enters the frozen
/// backbone after level β − κ (JdeNetImpl::encodeFrom); exit β is a full enhanced image. D_f (one convolution and
/// three fully connected layers on the stride-32 features) scores a whole frame, D_i (two convolutions and three
/// fully connected layers on crops of the stride-8 features) single people; both output logits of "easy".
/// Only edgescope_torch includes this header.

#include <functional>
#include <vector>

#include <torch/torch.h>

#include "neural/JdeNet.h"

namespace edgescope {

/// Architecture of a TurboNet. Value type.
struct TurboNetConfig {
  std::vector<int> decoderChannels{64, 48, 32, 16, 8};  ///< hidden channels of blocks 1 … β
  int discriminatorChannels = 32;                        ///< D_f / D_i convolution width
  int discriminatorHidden = 64;                          ///< first fully connected layer (the second has half)
  double imageScale = 1.0;  ///< the residual image's scale: 1 / the detector's normalisation std (pixel units)
  /// Model-agnostic ablation (train-enhancer --model-agnostic): the decoder reads a trainable copy of the detector's
  /// encoder (TurboNetImpl::attachEncoder) instead of the frozen first pass, and only the full image (exit β) is
  /// trained (pixel L1): every exit κ ≥ 1 runs as exit β.
  bool ownEncoder = false;
};

/// A torch module; thread: one caller at a time.
class TurboNetImpl : public torch::nn::Module {
 public:
  /// @p levelChannels: the detector's JdeNetImpl::levelChannels() (level 0 = the input, 3 channels). Throws Error when
  /// decoderChannels does not have β entries.
  TurboNetImpl(std::vector<int> levelChannels, const TurboNetConfig& config);

  /// β, the deepest exit.
  int exits() const { return static_cast<int>(blocks_.size()); }
  /// The exit that runs when @p exit is asked for: @p exit itself, or β for any exit ≥ 1 with an own encoder.
  int effectiveExit(int exit) const { return config_.ownEncoder && exit > 0 ? exits() : exit; }
  /// Model-agnostic only (config().ownEncoder): registers @p encoder (a JdeNet of the detector's architecture, its
  /// backbone trainable) as submodule "encoder". Call once, before loading weights or building an optimiser; throws
  /// Error without ownEncoder, when called twice, or for a backbone whose level channels differ.
  void attachEncoder(JdeNet encoder);
  bool hasOwnEncoder() const { return static_cast<bool>(encoder_); }
  /// The levels the decoder reads for a frame whose detector pass gave @p detectorLevels: those levels, or with an
  /// own encoder its pass over @p detectorLevels[0] (the normalised input). Throws Error when an own encoder is
  /// configured but not attached.
  std::vector<torch::Tensor> decoderLevels(const std::vector<torch::Tensor>& detectorLevels);
  /// The enhanced tensor of exit @p exit (1 … β), shaped like @p levels[β − exit] (the first pass's levels,
  /// JdeEncoding::levels).
  torch::Tensor enhance(const std::vector<torch::Tensor>& levels, int exit);
  /// As enhance(), with a yield point between blocks: after block k (1 ≤ k < @p exit) @p proceed(k) is asked, and
  /// false stops there. Returns the last block's tensor (shaped like levels[β − k], exactly enhance(levels, k)) and
  /// sets *@p blocksRun to k (@p exit when never stopped).
  torch::Tensor enhanceUntil(const std::vector<torch::Tensor>& levels, int exit,
                             const std::function<bool(int)>& proceed, int* blocksRun);
  /// Every exit's tensor up to @p deepest (index κ − 1), sharing the blocks (training).
  std::vector<torch::Tensor> enhanceAll(const std::vector<torch::Tensor>& levels, int deepest);
  /// D_f: N×1 logits that each frame is easy, from its stride-32 features (N × C_β × h × w).
  torch::Tensor frameLogits(const torch::Tensor& stride32);
  /// D_i: K×1 logits that each instance is easy. @p boxes: K×5 rows (batch index, x0, y0, x1, y1) in input pixels;
  /// @p stride8: N × C_3 × H/8 × W/8; @p inputSize: (H, W) of the input.
  torch::Tensor instanceLogits(const torch::Tensor& stride8, const torch::Tensor& boxes, torch::IntArrayRef inputSize);

  /// The decoder's parameters, and with an own encoder its backbone's (the neck and heads of the copy never run).
  std::vector<torch::Tensor> generatorParameters() const;
  std::vector<torch::Tensor> frameDiscriminatorParameters() const;
  std::vector<torch::Tensor> instanceDiscriminatorParameters() const;
  /// Inference only: folds the decoder's (and an own encoder's) BatchNorm into its convolutions (as
  /// JdeNetImpl::foldBatchNorm). Idempotent.
  void foldBatchNorm();
  bool batchNormFolded() const { return batchNormFolded_; }
  const TurboNetConfig& config() const { return config_; }
  const std::vector<int>& levelChannels() const { return levelChannels_; }

 private:
  torch::Tensor block(std::size_t k, const torch::Tensor& hidden, const std::vector<torch::Tensor>& levels,
                      torch::Tensor* out);

  TurboNetConfig config_;
  std::vector<int> levelChannels_;
  std::vector<torch::nn::Sequential> blocks_;  ///< block k: upsampled features ⊕ skip → hidden
  std::vector<torch::nn::Conv2d> outputs_;     ///< block k: hidden → residual of level β − k (zero-initialised)
  torch::nn::Sequential frameConv_{nullptr}, frameFc_{nullptr};
  torch::nn::Sequential instanceConv_{nullptr}, instanceFc_{nullptr};
  JdeNet encoder_{nullptr};  ///< model-agnostic: the trainable copy of the detector's encoder
  bool batchNormFolded_ = false;
};
TORCH_MODULE(TurboNet);

}  // namespace edgescope
