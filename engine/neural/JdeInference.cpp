#include "neural/JdeInference.h"

#include <opencv2/imgproc.hpp>

#include "util/Error.h"

namespace edgescope {

JdeInference::JdeInference(JdeNet net, torch::Device device, Options options)
    : net_(std::move(net)), device_(device), options_(options) {}

void JdeInference::normalizeInto(const cv::Mat& bgr, const JdeNetConfig& config, float* dst) {
  float scale[3], shift[3];
  for (int c = 0; c < 3; ++c) {
    scale[c] = 1.0f / (255.0f * config.stdRgb[static_cast<std::size_t>(c)]);
    shift[c] = -config.meanRgb[static_cast<std::size_t>(c)] / config.stdRgb[static_cast<std::size_t>(c)];
  }
  // Input channel k holds colour `source[k]` of the BGR pixel (RGB networks swap, BGR ones — YOLOX — do not).
  const bool bgrInput = config.backbone.inputOrder == "bgr";
  const int source[3] = {bgrInput ? 0 : 2, 1, bgrInput ? 2 : 0};
  const int norm[3] = {bgrInput ? 2 : 0, 1, bgrInput ? 0 : 2};  // index into meanRgb/stdRgb
  for (int y = 0; y < bgr.rows; ++y) {
    const cv::Vec3b* row = bgr.ptr<cv::Vec3b>(y);
    float* out = dst + static_cast<std::ptrdiff_t>(y) * bgr.cols * 3;
    for (int x = 0; x < bgr.cols; ++x, out += 3) {
      for (int k = 0; k < 3; ++k) out[k] = row[x][source[k]] * scale[norm[k]] + shift[norm[k]];
    }
  }
}

torch::Tensor JdeInference::preprocess(const cv::Mat& bgr, cv::Size inputSize) {
  const JdeNetConfig& config = net_->config();
  if (inputSize.width <= 0 || inputSize.height <= 0 || inputSize.width % JdeNetConfig::kInputAlign != 0 ||
      inputSize.height % JdeNetConfig::kInputAlign != 0)
    throw Error("JDE network: input size " + std::to_string(inputSize.width) + "x" + std::to_string(inputSize.height) +
                " is not a positive multiple of 32");
  cv::Mat color = bgr;
  if (bgr.channels() == 1) cv::cvtColor(bgr, color, cv::COLOR_GRAY2BGR);
  else if (bgr.channels() == 4) cv::cvtColor(bgr, color, cv::COLOR_BGRA2BGR);
  if (color.size() != inputSize) cv::resize(color, resized_, inputSize, 0, 0, cv::INTER_LINEAR);
  else resized_ = color;
  if (!input_.defined() || input_.size(2) != inputSize.height || input_.size(3) != inputSize.width)
    input_ = torch::empty({1, 3, inputSize.height, inputSize.width},
                          torch::TensorOptions(torch::kFloat32).memory_format(torch::MemoryFormat::ChannelsLast));
  normalizeInto(resized_, config, input_.data_ptr<float>());
  return device_.is_cpu() ? input_ : input_.to(device_, /*non_blocking=*/true);
}

std::vector<Detection> JdeInference::decode(const JdeNetOutput& out, cv::Size frameSize, cv::Size inputSize) {
  const JdeNetConfig& config = net_->config();
  const torch::Tensor heat = torch::sigmoid(out.heatmapLogits);
  const torch::Tensor pooled = torch::max_pool2d(heat, {3, 3}, {1, 1}, {1, 1});
  const torch::Tensor peaks = (heat * heat.eq(pooled)).flatten();
  const int64_t k = std::min<int64_t>(options_.maxObjects, peaks.numel());
  auto [scores, indices] = peaks.topk(k);
  const torch::Tensor keep = scores.ge(options_.scoreThreshold);
  scores = scores.index({keep});
  indices = indices.index({keep});
  std::vector<Detection> detections;
  if (indices.numel() == 0) return detections;
  const int64_t gridW = out.heatmapLogits.size(3);
  // K×C rows at the peaks; as H·W×C the channels-last maps are a view, so nothing but the K rows is copied.
  auto gatherAt = [&](const torch::Tensor& map) {
    return map[0].permute({1, 2, 0}).reshape({-1, map.size(1)}).index_select(0, indices);
  };
  const torch::Tensor size = gatherAt(out.size).clamp_min(0).cpu();
  const torch::Tensor offset = gatherAt(out.offset).cpu();
  torch::Tensor embeddings;
  if (options_.embeddings)
    embeddings = torch::nn::functional::normalize(net_->embed(gatherAt(out.reidHidden)),
                                                  torch::nn::functional::NormalizeFuncOptions().dim(1))
                     .contiguous()
                     .cpu();
  const torch::Tensor idx = indices.cpu();
  const torch::Tensor sc = scores.cpu();
  const double sx = static_cast<double>(frameSize.width) / inputSize.width * config.strideOut;
  const double sy = static_cast<double>(frameSize.height) / inputSize.height * config.strideOut;
  const auto sizeA = size.accessor<float, 2>();
  const auto offA = offset.accessor<float, 2>();
  for (int64_t i = 0; i < idx.numel(); ++i) {
    const int64_t cell = idx[i].item<int64_t>();
    const double cx = (static_cast<double>(cell % gridW) + offA[i][0]) * sx;
    const double cy = (static_cast<double>(cell / gridW) + offA[i][1]) * sy;
    const double w = sizeA[i][0] * sx, h = sizeA[i][1] * sy;
    Detection d;
    const double x0 = std::max(0.0, cx - w / 2), y0 = std::max(0.0, cy - h / 2);
    const double x1 = std::min<double>(frameSize.width, cx + w / 2), y1 = std::min<double>(frameSize.height, cy + h / 2);
    if (x1 - x0 < 1.0 || y1 - y0 < 1.0) continue;
    d.box = BoundingBox{static_cast<float>(x0), static_cast<float>(y0), static_cast<float>(x1 - x0),
                        static_cast<float>(y1 - y0)};
    d.score = sc[i].item<float>();
    if (embeddings.defined()) {
      const float* e = embeddings[i].data_ptr<float>();
      d.embedding.assign(e, e + embeddings.size(1));
    }
    detections.push_back(std::move(d));
  }
  return detections;
}

JdeFrameResult JdeInference::run(const cv::Mat& bgr, cv::Size inputSize, bool withDetectability) {
  JdeFrameResult result;
  if (bgr.empty()) return result;
  const bool wasTraining = net_->is_training();
  net_->eval();
  struct RestoreMode {  // also when inference throws
    JdeNet& net;
    bool training;
    ~RestoreMode() {
      if (training) net->train();
    }
  } restore{net_, wasTraining};
  {
    torch::InferenceMode guard;
    const JdeNetOutput out = net_->forward(preprocess(bgr, inputSize), withDetectability);
    result.detections = decode(out, bgr.size(), inputSize);
    if (withDetectability) {
      const torch::Tensor maps = torch::sigmoid(out.detectabilityLogits[0]).contiguous().cpu();
      for (int64_t r = 0; r < maps.size(0); ++r) {
        const torch::Tensor m = maps[r].contiguous();
        result.detectability.push_back(
            cv::Mat(static_cast<int>(m.size(0)), static_cast<int>(m.size(1)), CV_32F, m.data_ptr<float>()).clone());
      }
    }
  }
  return result;
}

}  // namespace edgescope
