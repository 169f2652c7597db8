#include "neural/JdeNet.h"

#include <algorithm>

#include "detect/OnnxProto.h"
#include "neural/BatchNormFolding.h"
#include "util/Error.h"

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
  void foldBatchNorm();

 private:
  nn::Sequential body_;
};
TORCH_MODULE(ResidualBlock);

/// @p seq folded for inference (BatchNormFolding), residual blocks folded inside.
nn::Sequential foldSequential(const nn::Sequential& seq) {
  return BatchNormFolding::fold(seq, [](const std::shared_ptr<nn::Module>& child) {
    auto block = std::dynamic_pointer_cast<ResidualBlockImpl>(child);
    if (!block) return nn::AnyModule();
    block->foldBatchNorm();
    return nn::AnyModule(block);
  });
}

void ResidualBlockImpl::foldBatchNorm() { body_ = replace_module("body", foldSequential(body_)); }

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

/// The imported backbone's level values, found on a probe of side @p side holding every node output: level ℓ < β
/// (stride 2^ℓ) is the first value of that stride that a node reads to make a value of twice the stride (the input
/// of the layer that downsamples next); level β (stride 32) is the first stride-32 value that a node reads to make
/// a finer one (what the neck upsamples). Throws Error when a level is not found.
std::vector<std::string> findLevels(const OnnxGraph& graph, const std::map<std::string, torch::Tensor>& probe,
                                    int side) {
  auto strideOf = [&](const std::string& name) {
    const auto it = probe.find(name);
    if (it == probe.end() || it->second.dim() != 4 || it->second.size(2) <= 0 || side % it->second.size(2) != 0)
      return 0;
    return side / static_cast<int>(it->second.size(2));
  };
  constexpr int kLevels = 5;
  std::vector<std::string> levels(kLevels + 1);
  for (const OnnxNode& node : graph.nodes()) {
    if (node.outputs.empty()) continue;
    const int out = strideOf(node.outputs[0]);
    for (const std::string& input : node.inputs) {
      const int in = strideOf(input);
      if (in <= 0 || out <= 0) continue;
      for (int level = 0; level <= kLevels; ++level) {
        const int stride = 1 << level;
        const bool boundary = level < kLevels ? (in == stride && out == 2 * stride) : (in == stride && out < stride);
        if (boundary && levels[level].empty()) levels[level] = input;
      }
    }
  }
  for (int level = 0; level <= kLevels; ++level)
    if (levels[level].empty())
      throw Error("JDE network: the backbone graph has no value at the boundary of stride " +
                  std::to_string(1 << level) + " (Turbo needs its levels)");
  return levels;
}

}  // namespace

JdeNetImpl::JdeNetImpl(const JdeNetConfig& config) : config_(config) {
  config_.validate();
  std::vector<int> levelChannels;  // per aggregated level, finest first
  if (config_.backbone.isOnnx()) {
    const JdeBackboneSpec& spec = config_.backbone;
    if (!spec.graph) throw Error("JDE network: the ONNX backbone's graph is missing (cards name it; the .pt holds it)");
    onnxBackbone_ = register_module(
        "backbone", std::make_shared<OnnxGraph>(*OnnxProto::parse(*spec.graph, "backbone graph"), "backbone graph"));
    if (config_.strideOut == 4) taps_.push_back(spec.stride4Tap);
    taps_.insert(taps_.end(), spec.taps.begin(), spec.taps.end());
    // Channels of the tapped values from a small probe (the graph's value infos are not relied on).
    torch::NoGradGuard noGrad;
    std::vector<std::string> all = taps_;
    for (const OnnxNode& node : onnxBackbone_->nodes())
      if (node.op != "Constant" && !node.outputs.empty()) all.push_back(node.outputs[0]);
    auto probe = onnxBackbone_->run({torch::zeros({1, 3, 64, 64})}, all);
    probe[onnxBackbone_->inputNames().at(0)] = torch::zeros({1, 3, 64, 64});
    levelValues_ = findLevels(*onnxBackbone_, probe, 64);
    for (const std::string& level : levelValues_) levelChannels_.push_back(static_cast<int>(probe.at(level).size(1)));
    const int expectedStride[] = {4, 8, 16, 32};
    const int first = config_.strideOut == 4 ? 0 : 1;
    for (std::size_t i = 0; i < taps_.size(); ++i) {
      const torch::Tensor& value = probe.at(taps_[i]);
      const int stride = expectedStride[first + static_cast<int>(i)];
      if (value.dim() != 4 || value.size(2) != 64 / stride)
        throw Error("JDE network: backbone value '" + taps_[i] + "' is not a feature map at stride " +
                    std::to_string(stride));
      levelChannels.push_back(static_cast<int>(value.size(1)));
    }
  } else {
    const std::vector<int>& c = config_.stageChannels;
    stem_ = register_module("stem", convBnRelu(3, c[0], 3, 2));
    for (int i = 1; i < 5; ++i) {
      nn::Sequential stage(convBnRelu(c[i - 1], c[i], 3, 2));
      for (int b = 0; i >= 2 && b < config_.residualBlocks; ++b) stage->push_back(ResidualBlock(c[i]));
      stages_.push_back(register_module("stage" + std::to_string(i), stage));
    }
    levelChannels.assign(c.begin() + 1, c.end());
    levelChannels_ = {3};
    levelChannels_.insert(levelChannels_.end(), c.begin(), c.end());
  }
  const int neck = config_.neckChannels;
  for (std::size_t i = 0; i < levelChannels.size(); ++i)
    laterals_.push_back(register_module("lateral" + std::to_string(i + 1),
                                        nn::Conv2d(nn::Conv2dOptions(levelChannels[i], neck, 1).bias(false))));
  for (std::size_t i = 0; i + 1 < levelChannels.size(); ++i)
    smooth_.push_back(register_module("smooth" + std::to_string(i + 1), separable(neck, neck, true)));
  heatmapHead_ = register_module("heatmap", head(neck, config_.headChannels, 1, -2.19));
  sizeHead_ = register_module("size", head(neck, config_.headChannels, 2, 0.0));
  offsetHead_ = register_module("offset", head(neck, config_.headChannels, 2, 0.0));
  reidHead_ = register_module("reid", separable(neck, config_.reidHiddenChannels, false));
  if (config_.detectabilityChannels > 0) {  // patch models (ParaLoupe) have none
    detectabilityHead_ =
        register_module("detectability", head(neck, config_.headChannels, config_.detectabilityChannels, -2.19));
  }
  embedding_ = register_module("embedding", nn::Linear(config_.reidHiddenChannels, config_.embeddingDim));
}

std::vector<torch::Tensor> JdeNetImpl::features(const torch::Tensor& normalized) {
  std::vector<torch::Tensor> out;
  if (onnxBackbone_) {
    const auto values = onnxBackbone_->run({normalized}, taps_);
    for (const std::string& tap : taps_) out.push_back(values.at(tap));
    return out;
  }
  torch::Tensor x = stem_->forward(normalized);
  for (auto& stage : stages_) {
    x = stage->forward(x);
    out.push_back(x);
  }
  return out;
}

JdeEncoding JdeNetImpl::encode(const torch::Tensor& normalized) {
  JdeEncoding encoding;
  encoding.levels.push_back(normalized);
  if (onnxBackbone_) {
    std::vector<std::string> wanted = taps_;
    wanted.insert(wanted.end(), levelValues_.begin() + 1, levelValues_.end());
    const auto values = onnxBackbone_->run({normalized}, wanted);
    for (std::size_t level = 1; level < levelValues_.size(); ++level)
      encoding.levels.push_back(values.at(levelValues_[level]));
    for (const std::string& tap : taps_) encoding.features.push_back(values.at(tap));
    return encoding;
  }
  torch::Tensor x = stem_->forward(normalized);
  encoding.levels.push_back(x);
  for (auto& stage : stages_) {
    x = stage->forward(x);
    encoding.levels.push_back(x);
    encoding.features.push_back(x);
  }
  return encoding;
}

JdeEncoding JdeNetImpl::encodeFrom(int level, const std::vector<torch::Tensor>& levels) {
  const int beta = encoderLevels();
  if (level < 0 || level >= beta || static_cast<int>(levels.size()) <= level)
    throw Error("JDE network: cannot re-enter the backbone after level " + std::to_string(level) + " with " +
                std::to_string(levels.size()) + " levels given (β = " + std::to_string(beta) + ")");
  JdeEncoding out;
  out.levels.assign(levels.begin(), levels.begin() + level + 1);
  if (onnxBackbone_) {
    std::map<std::string, torch::Tensor> given;
    for (int i = 0; i <= level; ++i) given[levelValues_[static_cast<std::size_t>(i)]] = levels[static_cast<std::size_t>(i)];
    std::vector<std::string> wanted = taps_;
    wanted.insert(wanted.end(), levelValues_.begin() + level + 1, levelValues_.end());
    const auto values = onnxBackbone_->runFrom(std::move(given), wanted);
    for (std::size_t i = static_cast<std::size_t>(level) + 1; i < levelValues_.size(); ++i)
      out.levels.push_back(values.at(levelValues_[i]));
    for (const std::string& tap : taps_) out.features.push_back(values.at(tap));
    return out;
  }
  // Residual backbone: level 1 is the stem's output, level i + 2 stage i's.
  torch::Tensor x = levels[static_cast<std::size_t>(level)];
  if (level == 0) {
    x = stem_->forward(x);
    out.levels.push_back(x);
  }
  for (std::size_t stage = 0; stage < stages_.size(); ++stage) {
    const int produced = static_cast<int>(stage) + 2;
    if (produced > level) {
      x = stages_[stage]->forward(x);
      out.levels.push_back(x);
    }
    out.features.push_back(out.levels[static_cast<std::size_t>(produced)]);
  }
  return out;
}

JdeNetOutput JdeNetImpl::forward(const torch::Tensor& normalized, bool withDetectability) {
  return heads(features(normalized), withDetectability);
}

JdeNetOutput JdeNetImpl::heads(const std::vector<torch::Tensor>& levels, bool withDetectability) {
  const std::size_t coarsest = levels.size() - 1;
  torch::Tensor top = laterals_[coarsest]->forward(levels[coarsest]);
  for (std::size_t level = coarsest; level-- > 0;)
    top = smooth_[level]->forward(upsample2(top) + laterals_[level]->forward(levels[level]));
  JdeNetOutput out;
  out.heatmapLogits = heatmapHead_->forward(top);
  out.size = sizeHead_->forward(top);
  out.offset = offsetHead_->forward(top);
  out.reidHidden = reidHead_->forward(top);
  if (withDetectability && detectabilityHead_) out.detectabilityLogits = detectabilityHead_->forward(top);
  return out;
}

std::vector<torch::Tensor> JdeNetImpl::backboneParameters() const {
  if (onnxBackbone_) return onnxBackbone_->parameters();
  std::vector<torch::Tensor> out = stem_->parameters();
  for (const auto& stage : stages_)
    for (const torch::Tensor& p : stage->parameters()) out.push_back(p);
  return out;
}

std::vector<torch::Tensor> JdeNetImpl::newParameters() const {
  const std::vector<torch::Tensor> backbone = backboneParameters();
  std::vector<torch::Tensor> out;
  for (const torch::Tensor& p : parameters()) {
    const bool inBackbone = std::any_of(backbone.begin(), backbone.end(),
                                        [&](const torch::Tensor& b) { return b.is_same(p); });
    if (!inBackbone) out.push_back(p);
  }
  return out;
}

void JdeNetImpl::foldBatchNorm() {
  if (batchNormFolded_) return;
  if (stem_) stem_ = replace_module("stem", foldSequential(stem_));  // an imported backbone has its BN folded already
  for (std::size_t i = 0; i < stages_.size(); ++i)
    stages_[i] = replace_module("stage" + std::to_string(i + 1), foldSequential(stages_[i]));
  for (std::size_t i = 0; i < smooth_.size(); ++i)
    smooth_[i] = replace_module("smooth" + std::to_string(i + 1), foldSequential(smooth_[i]));
  batchNormFolded_ = true;
}

torch::Tensor JdeNetImpl::embed(const torch::Tensor& gatheredHidden) { return embedding_->forward(gatheredHidden); }

}  // namespace edgescope
