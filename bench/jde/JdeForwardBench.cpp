// edgescope-bench-jde [--device auto|cpu|cuda] [--threads N] [--runs N] [--size WxH]... [--train-crop WxH --batch N]
//                     [--layout channels-last|planar] [--backbone X.onnx --taps S8,S16,S32 [--stride4-tap V]
//                     [--stride-out 4|8]]
// Prints mean/p50 forward latency (ms) of JdeNet at each size, with and without the detectability head, and
// optionally the time of one training step (forward + backward + Adam) at a crop size and batch. The forward runs
// as the detector runs it (BatchNorm folded, channels-last input) unless --layout planar (NCHW input, BatchNorm
// kept: how it ran before the channels-last change), which shows what the layout is worth. With --backbone the
// network stands on that ONNX graph cut at the taps (JdeBackboneImport), at output stride 4 or 8.
#include <algorithm>
#include <chrono>
#include <memory>
#include <cstdio>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "neural/JdeBackboneImport.h"
#include "neural/JdeNet.h"
#include "neural/TorchRuntime.h"

using namespace edgescope;

namespace {

double nowMs() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void sync(const torch::Device& device) {
  if (device.is_cuda()) torch::cuda::synchronize();
}

std::pair<double, double> timeRuns(int runs, const std::function<void()>& body, const torch::Device& device) {
  body();  // warm-up
  body();
  sync(device);
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    const double t0 = nowMs();
    body();
    sync(device);
    ms.push_back(nowMs() - t0);
  }
  std::sort(ms.begin(), ms.end());
  double sum = 0;
  for (double v : ms) sum += v;
  return {sum / runs, ms[ms.size() / 2]};
}

}  // namespace

int main(int argc, char** argv) {
  std::string device = "auto";
  int threads = 0, runs = 20, batch = 0;
  bool planar = false;
  std::vector<std::pair<int, int>> sizes;
  std::pair<int, int> crop{384, 288};
  JdeNetConfig config;
  std::string backbone;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i], value = argv[i + 1];
    int w = 0, h = 0;
    if (key == "--device") device = value;
    else if (key == "--threads") threads = std::stoi(value);
    else if (key == "--runs") runs = std::max(1, std::stoi(value));
    else if (key == "--batch") batch = std::stoi(value);
    else if (key == "--layout" && (value == "planar" || value == "channels-last")) planar = value == "planar";
    else if (key == "--backbone") backbone = value;
    else if (key == "--stride4-tap") config.backbone.stride4Tap = value;
    else if (key == "--stride-out") config.strideOut = std::stoi(value);
    else if (key == "--taps") {
      config.backbone.taps.clear();
      for (std::size_t at = 0; at <= value.size();) {
        const std::size_t comma = std::min(value.find(',', at), value.size());
        config.backbone.taps.push_back(value.substr(at, comma - at));
        at = comma + 1;
      }
    }
    else if ((key == "--size" || key == "--train-crop") && std::sscanf(value.c_str(), "%dx%d", &w, &h) == 2)
      (key == "--size" ? sizes.emplace_back(w, h), void() : void(crop = {w, h}));
    else {
      std::fprintf(stderr, "unknown or malformed option %s %s\n", key.c_str(), value.c_str());
      return 2;
    }
  }
  if (sizes.empty()) sizes = {{768, 576}, {608, 448}, {512, 384}, {448, 352}, {416, 320}};
  TorchRuntime::configure(threads);
  const torch::Device dev(TorchRuntime::resolveDevice(device));
  std::printf("%s, device %s, %s\n", TorchRuntime::describe().c_str(), dev.str().c_str(),
              planar ? "planar input, BatchNorm kept" : "channels-last input, BatchNorm folded");
  if (!backbone.empty()) JdeBackboneImport::prepare(config, backbone);
  std::printf("backbone %s, output stride %d\n", backbone.empty() ? "residual" : backbone.c_str(), config.strideOut);
  JdeNet net(config);
  net->eval();
  std::unique_ptr<JdeNet> folded;  // the detector's inference copy; the training step below uses `net`
  if (!planar) {
    folded = std::make_unique<JdeNet>(config);
    (*folded)->eval();
    (*folded)->foldBatchNorm();
    (*folded)->to(dev);
  }
  net->to(dev);
  const auto layout = planar ? torch::MemoryFormat::Contiguous : torch::MemoryFormat::ChannelsLast;
  JdeNet& inference = planar ? net : *folded;
  std::printf("%-10s %12s %12s %14s\n", "size", "mean ms", "p50 ms", "+detect. ms");
  for (const auto& [w, h] : sizes) {
    const torch::Tensor x = torch::randn({1, 3, h, w}, torch::TensorOptions().device(dev)).contiguous(layout);
    torch::InferenceMode guard;
    const auto plain = timeRuns(runs, [&] { inference->forward(x, false); }, dev);
    const auto full = timeRuns(runs, [&] { inference->forward(x, true); }, dev);
    std::printf("%4dx%-5d %12.2f %12.2f %14.2f\n", w, h, plain.first, plain.second, full.first);
  }
  if (batch > 0) {
    net->train();
    torch::optim::Adam adam(net->parameters(), torch::optim::AdamOptions(1e-3));
    const torch::Tensor x =
        torch::randn({batch, 3, crop.second, crop.first}, torch::TensorOptions().device(dev)).contiguous(layout);
    const auto step = timeRuns(std::max(3, runs / 4), [&] {
      adam.zero_grad();
      const JdeNetOutput out = net->forward(x, true);
      (out.heatmapLogits.mean() + out.size.mean() + out.reidHidden.mean() + out.detectabilityLogits.mean()).backward();
      adam.step();
    }, dev);
    std::printf("train step %dx%d batch %d: %.1f ms (%.1f ms per image)\n", crop.first, crop.second, batch,
                step.first, step.first / batch);
  }
  return 0;
}
