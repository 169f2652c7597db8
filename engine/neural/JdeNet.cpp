#include "neural/JdeNet.h"

namespace edgescope {
namespace {

namespace nn = torch::nn;

nn::Sequential convBnRelu(int in, int out, int kernel, int stride) {
  return nn::Sequential(nn::Conv2d(nn::Conv2dOptions(in, out, kernel).stride(stride).padding(kernel / 2).bias(false)),
                        nn::BatchNorm2d(out), nn::ReLU(nn::ReLUOptions(true)));
}

/// Depthwise 3×3 followed by a pointwise projection: the cheap 3×3 used at stride 4.
nn::Sequential separable(int in, int out, bool batchNorm) {
  nn::Sequential block(nn::Conv2d(nn::Conv2dOptions(in, in, 3).padding(1).groups(in).bias(false)),
                       nn::Conv2d(nn::Conv2dOptions(in, out, 1).bias(!batchNorm)));
  if (batchNorm) block->push_back(nn::BatchNorm2d(out));
  block->push_back(nn::ReLU(nn::ReLUOptions(true)));
  return block;
}

/// Two 3×3 convolutions with an identity shortcut (ResNet basic block).
class ResidualBlockImpl : public nn::Module {
 public:
  explicit ResidualBlockImpl(int channels)
      : body_(register_module(
            "body", nn::Sequential(nn::Conv2d(nn::Conv2dOptions(channels, channels, 3).padding(1).bias(false)),
                                   nn::BatchNorm2d(channels), nn::ReLU(nn::ReLUOptions(true)),
                                   nn::Conv2d(nn::Conv2dOptions(channels, channels, 3).padding(1).bias(false)),
                                   nn::BatchNorm2d(channels)))) {}
  torch::Tensor forward(const torch::Tensor& x) { return torch::relu(body_->forward(x) + x); }

 private:
  nn::Sequential body_;
};
TORCH_MODULE(ResidualBlock);

/// Head: separable 3×3 to @p hidden channels + ReLU, then a 1×1 convolution to @p out channels.
nn::Sequential head(int in, int hidden, int out, double finalBias) {
  nn::Sequential block = separable(in, hidden, false);
  nn::Conv2d last(nn::Conv2dOptions(hidden, out, 1));
  nn::init::constant_(last->bias, finalBias);
  block->push_back(last);
  return block;
}

torch::Tensor upsample2(const torch::Tensor& x) {
  return torch::nn::functional::interpolate(x, torch::nn::functional::InterpolateFuncOptions()
                                                   .scale_factor(std::vector<double>{2.0, 2.0})
                                                   .mode(torch::kNearest));
}

}  // namespace

JdeNetImpl::JdeNetImpl(const JdeNetConfig& config) : config_(config) {
  config_.validate();
  const std::vector<int>& c = config_.stageChannels;
  stem_ = register_module("stem", convBnRelu(3, c[0], 3, 2));
  for (int i = 1; i < 5; ++i) {
    nn::Sequential stage(convBnRelu(c[i - 1], c[i], 3, 2));
    if (i >= 2) stage->push_back(ResidualBlock(c[i]));
    stages_.push_back(register_module("stage" + std::to_string(i), stage));
  }
  const int neck = config_.neckChannels;
  for (int i = 1; i < 5; ++i)
    laterals_.push_back(
        register_module("lateral" + std::to_string(i), nn::Conv2d(nn::Conv2dOptions(c[i], neck, 1).bias(false))));
  for (int i = 1; i < 4; ++i)
    smooth_.push_back(register_module("smooth" + std::to_string(i), separable(neck, neck, true)));
  heatmapHead_ = register_module("heatmap", head(neck, config_.headChannels, 1, -2.19));
  sizeHead_ = register_module("size", head(neck, config_.headChannels, 2, 0.0));
  offsetHead_ = register_module("offset", head(neck, config_.headChannels, 2, 0.0));
  reidHead_ = register_module("reid", separable(neck, config_.reidHiddenChannels, false));
  detectabilityHead_ =
      register_module("detectability", head(neck, config_.headChannels, config_.detectabilityChannels, -2.19));
  embedding_ = register_module("embedding", nn::Linear(config_.reidHiddenChannels, config_.embeddingDim));
}

JdeNetOutput JdeNetImpl::forward(const torch::Tensor& normalized, bool withDetectability) {
  std::vector<torch::Tensor> features;  // strides 4, 8, 16, 32
  torch::Tensor x = stem_->forward(normalized);
  for (auto& stage : stages_) {
    x = stage->forward(x);
    features.push_back(x);
  }
  torch::Tensor top = laterals_[3]->forward(features[3]);
  for (int level = 2; level >= 0; --level)
    top = smooth_[static_cast<std::size_t>(level)]->forward(
        upsample2(top) +
        laterals_[static_cast<std::size_t>(level)]->forward(features[static_cast<std::size_t>(level)]));
  JdeNetOutput out;
  out.heatmapLogits = heatmapHead_->forward(top);
  out.size = sizeHead_->forward(top);
  out.offset = offsetHead_->forward(top);
  out.reidHidden = reidHead_->forward(top);
  if (withDetectability) out.detectabilityLogits = detectabilityHead_->forward(top);
  return out;
}

torch::Tensor JdeNetImpl::embed(const torch::Tensor& gatheredHidden) { return embedding_->forward(gatheredHidden); }

}  // namespace edgescope
