#include "patchnet/PatchNet.h"

#include <algorithm>
#include <chrono>

#include <opencv2/imgproc.hpp>

#include "neural/JdeInference.h"
#include "neural/JdeModelFile.h"
#include "neural/TorchRuntime.h"
#include "util/Error.h"

namespace edgescope {

PatchNet PatchNet::load(const std::string& path, const std::string& device, int threads, PatchNetOptions options) {
  JdeModel model = JdeModelFile::load(path);
  model.card.requireKind(JdeModelCard::kKindPatch, model.cardPath);
  if (threads > 0) TorchRuntime::configure(threads);
  const torch::Device target(TorchRuntime::resolveDevice(device));
  model.net->foldBatchNorm();
  model.net->to(target);
  PatchNet net(model.net, target, model.card.patch.sizes, options);
  net.card_ = model.card;
  net.path_ = model.cardPath;
  return net;
}

PatchNet::PatchNet(JdeNet net, torch::Device device, std::vector<cv::Size> sizes, PatchNetOptions options)
    : net_(std::move(net)), device_(device), sizes_(std::move(sizes)), options_(options) {}

std::int64_t PatchNet::parameterCount(JdeNet& net) {
  std::int64_t count = 0;
  for (const torch::Tensor& p : net->parameters()) count += p.numel();
  return count;
}

double PatchNet::measureMsPerPatch(JdeNet& net, cv::Size size, int batch, int repeats) {
  JdeNet copy(net->config());
  JdeModelFile::copyWeights(*net, *copy, "timing copy");
  copy->eval();
  copy->foldBatchNorm();
  PatchNet runner(copy, torch::kCPU, {size}, PatchNetOptions{});
  cv::Mat crop(size, CV_8UC3);
  cv::randu(crop, 0, 255);
  const std::vector<cv::Mat> crops(static_cast<std::size_t>(batch), crop);
  std::vector<double> ms;
  for (int i = 0; i < repeats + 2; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    runner.run(crops);
    const double elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (i >= 2) ms.push_back(elapsed / batch);
  }
  std::nth_element(ms.begin(), ms.begin() + ms.size() / 2, ms.end());
  return ms[ms.size() / 2];
}

std::vector<std::vector<PatchPeak>> PatchNet::run(const std::vector<cv::Mat>& crops) {
  if (crops.empty()) return {};
  if (static_cast<int>(crops.size()) > kMaxBatch) {
    throw Error("patch model: " + std::to_string(crops.size()) + " crops in one batch (at most " +
                std::to_string(kMaxBatch) + ")");
  }
  const cv::Size size = crops.front().size();
  if (size.width <= 0 || size.height <= 0 || size.width % JdeNetConfig::kInputAlign ||
      size.height % JdeNetConfig::kInputAlign) {
    throw Error("patch model: crop size " + std::to_string(size.width) + "x" + std::to_string(size.height) +
                " is not a positive multiple of 32");
  }
  const auto n = static_cast<std::int64_t>(crops.size());
  if (!input_.defined() || input_.size(0) != n || input_.size(2) != size.height || input_.size(3) != size.width) {
    input_ = torch::empty({n, 3, size.height, size.width},
                          torch::TensorOptions(torch::kFloat32).memory_format(torch::MemoryFormat::ChannelsLast));
  }
  const std::size_t perImage = static_cast<std::size_t>(3) * size.area();
  cv::Mat bgr;
  for (std::int64_t i = 0; i < n; ++i) {
    const cv::Mat& crop = crops[static_cast<std::size_t>(i)];
    if (crop.size() != size) throw Error("patch model: crops of one batch must have the same size");
    if (crop.type() == CV_8UC3) {
      bgr = crop;
    } else if (crop.type() == CV_8UC1) {
      cv::cvtColor(crop, bgr, cv::COLOR_GRAY2BGR);
    } else {
      throw Error("patch model: crops must be 8-bit BGR or grey");
    }
    JdeInference::normalizeInto(bgr, net_->config(), input_.data_ptr<float>() + i * perImage);
  }
  const bool wasTraining = net_->is_training();
  net_->eval();
  std::vector<std::vector<PatchPeak>> peaks;
  {
    torch::InferenceMode guard;
    const JdeNetOutput out = net_->forward(device_.is_cpu() ? input_ : input_.to(device_), false);
    peaks = decode(out, static_cast<int>(n));
  }
  if (wasTraining) net_->train();
  return peaks;
}

std::vector<std::vector<PatchPeak>> PatchNet::decode(const JdeNetOutput& out, int count) {
  const int stride = net_->config().strideOut;
  const torch::Tensor heat = torch::sigmoid(out.heatmapLogits);
  const torch::Tensor pooled = torch::max_pool2d(heat, {3, 3}, {1, 1}, {1, 1});
  const torch::Tensor peaks = (heat * heat.eq(pooled)).flatten(1);  // N × h·w
  const std::int64_t k = std::min<std::int64_t>(options_.maxPeaks, peaks.size(1));
  auto [scores, indices] = peaks.topk(k, 1);
  const std::int64_t gridW = out.heatmapLogits.size(3);
  // N×h·w×C views of the channels-last maps, gathered at the peaks → N×k×C.
  const auto gatherAt = [&](const torch::Tensor& map) {
    const torch::Tensor flat = map.permute({0, 2, 3, 1}).reshape({map.size(0), -1, map.size(1)});
    return flat.gather(1, indices.unsqueeze(2).expand({-1, -1, map.size(1)}));
  };
  const torch::Tensor size = gatherAt(out.size).clamp_min(0).contiguous().cpu();
  const torch::Tensor offset = gatherAt(out.offset).contiguous().cpu();
  torch::Tensor embeddings;
  if (options_.embeddings) {
    const torch::Tensor hidden = gatherAt(out.reidHidden);
    embeddings = torch::nn::functional::normalize(net_->embed(hidden.reshape({-1, hidden.size(2)})),
                                                  torch::nn::functional::NormalizeFuncOptions().dim(1))
                     .reshape({count, k, -1})
                     .contiguous()
                     .cpu();
  }
  const torch::Tensor sc = scores.contiguous().cpu(), idx = indices.contiguous().cpu();
  const auto scA = sc.accessor<float, 2>();
  const auto idxA = idx.accessor<std::int64_t, 2>();
  const auto sizeA = size.accessor<float, 3>();
  const auto offA = offset.accessor<float, 3>();
  std::vector<std::vector<PatchPeak>> result(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    for (std::int64_t j = 0; j < k; ++j) {
      if (scA[i][j] < options_.minObjectness) continue;
      const std::int64_t cell = idxA[i][j];
      const float cx = (static_cast<float>(cell % gridW) + offA[i][j][0]) * stride;
      const float cy = (static_cast<float>(cell / gridW) + offA[i][j][1]) * stride;
      const float w = sizeA[i][j][0] * stride, h = sizeA[i][j][1] * stride;
      PatchPeak peak;
      peak.box = {cx - w * 0.5f, cy - h * 0.5f, w, h};
      peak.objectness = scA[i][j];
      if (embeddings.defined()) {
        const float* e = embeddings[i][j].data_ptr<float>();
        peak.embedding.assign(e, e + embeddings.size(2));
      }
      result[static_cast<std::size_t>(i)].push_back(std::move(peak));
    }
  }
  return result;
}

}  // namespace edgescope
