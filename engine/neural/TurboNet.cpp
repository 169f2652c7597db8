#include "neural/TurboNet.h"

#include "neural/BatchNormFolding.h"
#include "util/Error.h"

namespace edgescope {
namespace {

namespace nn = torch::nn;
namespace F = torch::nn::functional;

constexpr int kInstanceCrop = 8;  ///< D_i's crop side on the stride-8 grid (8 cells = 64 input pixels)

nn::Sequential convBnRelu(int in, int out) {
  return nn::Sequential(nn::Conv2d(nn::Conv2dOptions(in, out, 3).padding(1).bias(false)), nn::BatchNorm2d(out),
                        nn::ReLU(nn::ReLUOptions(true)));
}

/// Depthwise 3×3 then pointwise: what fine (high-resolution) levels can afford.
nn::Sequential separableBnRelu(int in, int out) {
  return nn::Sequential(nn::Conv2d(nn::Conv2dOptions(in, in, 3).padding(1).groups(in).bias(false)),
                        nn::Conv2d(nn::Conv2dOptions(in, out, 1).bias(false)), nn::BatchNorm2d(out),
                        nn::ReLU(nn::ReLUOptions(true)));
}

nn::Sequential fullyConnected(int in, int hidden) {
  return nn::Sequential(nn::Linear(in, hidden), nn::ReLU(nn::ReLUOptions(true)), nn::Linear(hidden, hidden / 2),
                        nn::ReLU(nn::ReLUOptions(true)), nn::Linear(hidden / 2, 1));
}

std::vector<torch::Tensor> concat(std::vector<torch::Tensor> a, const std::vector<torch::Tensor>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace

TurboNetImpl::TurboNetImpl(std::vector<int> levelChannels, const TurboNetConfig& config)
    : config_(config), levelChannels_(std::move(levelChannels)) {
  const int beta = static_cast<int>(levelChannels_.size()) - 1;
  if (beta < 1 || static_cast<int>(config_.decoderChannels.size()) != beta)
    throw Error("Turbo enhancer: " + std::to_string(config_.decoderChannels.size()) +
                " decoder widths for a backbone of " + std::to_string(beta) + " levels");
  int previous = levelChannels_[static_cast<std::size_t>(beta)];
  for (int k = 1; k <= beta; ++k) {
    const int level = beta - k;
    const int skip = levelChannels_[static_cast<std::size_t>(level)];
    const int hidden = config_.decoderChannels[static_cast<std::size_t>(k - 1)];
    // Coarse levels (stride ≥ 8) take two full 3×3 convolutions; the fine ones one separable (their area is 4–64×).
    nn::Sequential body = level >= 3 ? convBnRelu(previous + skip, hidden) : separableBnRelu(previous + skip, hidden);
    if (level >= 3) body->extend(*convBnRelu(hidden, hidden));
    blocks_.push_back(register_module("block" + std::to_string(k), body));
    nn::Conv2d out(nn::Conv2dOptions(hidden, skip, 1));
    nn::init::zeros_(out->weight);
    nn::init::zeros_(out->bias);
    outputs_.push_back(register_module("out" + std::to_string(k), out));
    previous = hidden;
  }
  const int d = config_.discriminatorChannels;
  frameConv_ = register_module(
      "frame_conv",
      nn::Sequential(nn::Conv2d(nn::Conv2dOptions(levelChannels_[static_cast<std::size_t>(beta)], d, 3).stride(2).padding(1)),
                     nn::ReLU(nn::ReLUOptions(true)), nn::AdaptiveAvgPool2d(nn::AdaptiveAvgPool2dOptions({4, 4}))));
  frameFc_ = register_module("frame_fc", fullyConnected(d * 16, config_.discriminatorHidden));
  const int stride8 = levelChannels_[std::min<std::size_t>(3, static_cast<std::size_t>(beta))];
  instanceConv_ = register_module(
      "instance_conv", nn::Sequential(nn::Conv2d(nn::Conv2dOptions(stride8, d, 3).padding(1)), nn::ReLU(nn::ReLUOptions(true)),
                                      nn::Conv2d(nn::Conv2dOptions(d, d, 3).stride(2).padding(1)),
                                      nn::ReLU(nn::ReLUOptions(true))));
  instanceFc_ = register_module("instance_fc", fullyConnected(d * 16, config_.discriminatorHidden));
}

torch::Tensor TurboNetImpl::block(std::size_t k, const torch::Tensor& hidden, const std::vector<torch::Tensor>& levels,
                                  torch::Tensor* out) {
  const std::size_t level = blocks_.size() - 1 - k;
  const torch::Tensor& skip = levels.at(level);
  const torch::Tensor up = F::interpolate(
      hidden, F::InterpolateFuncOptions().size(std::vector<int64_t>{skip.size(2), skip.size(3)}).mode(torch::kNearest));
  const torch::Tensor h = blocks_[k]->forward(torch::cat({up, skip}, 1));
  torch::Tensor residual = outputs_[k]->forward(h);
  if (level == 0 && config_.imageScale != 1.0) residual = residual * config_.imageScale;
  *out = skip + residual;
  return h;
}

torch::Tensor TurboNetImpl::enhance(const std::vector<torch::Tensor>& levels, int exit) {
  if (exit < 1 || exit > exits()) throw Error("Turbo enhancer: exit " + std::to_string(exit) + " is not in 1…" + std::to_string(exits()));
  torch::Tensor hidden = levels.at(blocks_.size()), out;
  for (int k = 0; k < exit; ++k) hidden = block(static_cast<std::size_t>(k), hidden, levels, &out);
  return out;
}

torch::Tensor TurboNetImpl::enhanceUntil(const std::vector<torch::Tensor>& levels, int exit,
                                         const std::function<bool(int)>& proceed, int* blocksRun) {
  if (exit < 1 || exit > exits())
    throw Error("Turbo enhancer: exit " + std::to_string(exit) + " is not in 1…" + std::to_string(exits()));
  torch::Tensor hidden = levels.at(blocks_.size()), out;
  int k = 0;
  while (k < exit) {
    hidden = block(static_cast<std::size_t>(k), hidden, levels, &out);
    ++k;
    if (k < exit && proceed && !proceed(k)) break;
  }
  if (blocksRun) *blocksRun = k;
  return out;
}

std::vector<torch::Tensor> TurboNetImpl::enhanceAll(const std::vector<torch::Tensor>& levels, int deepest) {
  if (deepest < 1 || deepest > exits()) throw Error("Turbo enhancer: exit " + std::to_string(deepest) + " is not in 1…" + std::to_string(exits()));
  std::vector<torch::Tensor> outs;
  torch::Tensor hidden = levels.at(blocks_.size());
  for (int k = 0; k < deepest; ++k) {
    torch::Tensor out;
    hidden = block(static_cast<std::size_t>(k), hidden, levels, &out);
    outs.push_back(out);
  }
  return outs;
}

torch::Tensor TurboNetImpl::frameLogits(const torch::Tensor& stride32) {
  return frameFc_->forward(frameConv_->forward(stride32).flatten(1));
}

torch::Tensor TurboNetImpl::instanceLogits(const torch::Tensor& stride8, const torch::Tensor& boxes,
                                           torch::IntArrayRef inputSize) {
  if (boxes.size(0) == 0) return torch::zeros({0, 1}, stride8.options());
  const double height = static_cast<double>(inputSize[0]), width = static_cast<double>(inputSize[1]);
  const torch::Tensor b = boxes.to(stride8.options());
  const torch::Tensor x0 = b.select(1, 1), y0 = b.select(1, 2), x1 = b.select(1, 3), y1 = b.select(1, 4);
  // Affine grids mapping the crop's [-1, 1]² onto each box (align_corners = false coordinates).
  const torch::Tensor zero = torch::zeros_like(x0);
  const torch::Tensor theta = torch::stack({torch::stack({(x1 - x0) / width, zero, (x0 + x1) / width - 1}, 1),
                                            torch::stack({zero, (y1 - y0) / height, (y0 + y1) / height - 1}, 1)},
                                           1);
  const torch::Tensor features = stride8.index_select(0, b.select(1, 0).to(torch::kLong));
  const torch::Tensor grid =
      F::affine_grid(theta, {boxes.size(0), stride8.size(1), kInstanceCrop, kInstanceCrop}, /*align_corners=*/false);
  const torch::Tensor crops =
      F::grid_sample(features, grid, F::GridSampleFuncOptions().mode(torch::kBilinear).align_corners(false));
  return instanceFc_->forward(F::adaptive_avg_pool2d(instanceConv_->forward(crops), F::AdaptiveAvgPool2dFuncOptions({4, 4})).flatten(1));
}

void TurboNetImpl::attachEncoder(JdeNet encoder) {
  if (!config_.ownEncoder) throw Error("Turbo enhancer: an own encoder is only for a model-agnostic enhancer");
  if (encoder_) throw Error("Turbo enhancer: the own encoder is attached already");
  if (!encoder || encoder->levelChannels() != levelChannels_)
    throw Error("Turbo enhancer: the own encoder's levels do not match the detector's backbone");
  encoder_ = register_module("encoder", std::move(encoder));
}

std::vector<torch::Tensor> TurboNetImpl::decoderLevels(const std::vector<torch::Tensor>& detectorLevels) {
  if (!config_.ownEncoder) return detectorLevels;
  if (!encoder_) throw Error("Turbo enhancer: model-agnostic, but its own encoder is not attached");
  return encoder_->encode(detectorLevels.front()).levels;
}

std::vector<torch::Tensor> TurboNetImpl::generatorParameters() const {
  std::vector<torch::Tensor> out;
  if (encoder_) out = encoder_->backboneParameters();
  for (const auto& b : blocks_) out = concat(std::move(out), b->parameters());
  for (const auto& o : outputs_) out = concat(std::move(out), o->parameters());
  return out;
}

std::vector<torch::Tensor> TurboNetImpl::frameDiscriminatorParameters() const {
  return concat(frameConv_->parameters(), frameFc_->parameters());
}

std::vector<torch::Tensor> TurboNetImpl::instanceDiscriminatorParameters() const {
  return concat(instanceConv_->parameters(), instanceFc_->parameters());
}

void TurboNetImpl::foldBatchNorm() {
  if (batchNormFolded_) return;
  for (std::size_t k = 0; k < blocks_.size(); ++k)
    blocks_[k] = replace_module("block" + std::to_string(k + 1), BatchNormFolding::fold(blocks_[k]));
  if (encoder_) encoder_->foldBatchNorm();
  batchNormFolded_ = true;
}

}  // namespace edgescope
