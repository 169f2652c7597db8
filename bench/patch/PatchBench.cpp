// edgescope-bench-patch [--device auto|cpu|cuda] [--threads N] [--runs N] [--batch 1,8,32] [--sizes WxH,…]
//                       [--model PATCH.json] [--jde JDE.json] [--scheduler-instances N]
// Prints the patch model's batch latency (ms per batch and per patch) at each size and batch size, the JDE network's
// 768×576 forward on the same device in the same run, and the ratio the goal names (8 patches at 64×128 over
// one JDE forward); then the Markov scheduler's solve time over N seeded instances with K = 12 patches, 5 devices
// (the camera and four nodes), 3 sizes (p50/p95 ms and iterations). BatchNorm folded, channels-last input.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <sstream>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "neural/JdeModelFile.h"
#include "neural/NeuralDetectors.h"
#include "neural/TorchRuntime.h"
#include "paraloupe/MarkovScheduler.h"
#include "patchnet/PatchNet.h"
#include "util/ModelFolders.h"
#include "util/Rng.h"

using namespace edgescope;

namespace {

double nowMs() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double percentile(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, static_cast<std::size_t>(q * (values.size() - 1) + 0.5))];
}

std::vector<int> parseInts(const std::string& text) {
  std::vector<int> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) out.push_back(std::stoi(item));
  return out;
}

SchedulingProblem instance(Rng& rng) {
  SchedulingProblem p;
  p.accuracy = {0.87, 0.92, 0.87};
  p.gamma = 0.2;
  p.budgetMs = 40.0 - rng.uniform(3, 10);
  for (int i = 0; i < 5; ++i) {
    const double speed = i == 0 ? 1.0 : rng.uniform(0.5, 8);
    p.devices.push_back({"d" + std::to_string(i), i == 0, rng.uniform(5000, 50000), rng.uniform(0.5, 3),
                         rng.uniform(0.5, 2), rng.uniform() < 0.3 ? rng.uniform(0, 10) : 0.0, rng.uniform(),
                         {0.6 * speed, 0.8 * speed, 1.0 * speed}});
  }
  for (int k = 0; k < 12; ++k) p.patches.push_back({k < 8 ? 1.0 : 0.5, rng.uniform(), {1.5, 4.5, 9.0}});
  return p;
}

}  // namespace

int main(int argc, char** argv) {
  std::string device = "auto", batches = "1,8,32", sizesText = "32x64,64x128,96x192", model, jde;
  int threads = 0, runs = 20, instances = 200;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i], value = argv[i + 1];
    if (key == "--device") device = value;
    else if (key == "--threads") threads = std::stoi(value);
    else if (key == "--runs") runs = std::stoi(value);
    else if (key == "--batch") batches = value;
    else if (key == "--sizes") sizesText = value;
    else if (key == "--model") model = value;
    else if (key == "--jde") jde = value;
    else if (key == "--scheduler-instances") instances = std::stoi(value);
    else {
      std::fprintf(stderr, "edgescope-bench-patch: unknown option %s\n", key.c_str());
      return 2;
    }
  }
  try {
    TorchRuntime::configure(threads);
    const torch::Device target(TorchRuntime::resolveDevice(device));
    for (const std::string& folder : ModelFolders::search()) {
      if (model.empty() && std::filesystem::exists(folder + "/patch_mini.json")) model = folder + "/patch_mini.json";
    }
    if (model.empty()) throw std::runtime_error("patch_mini.json not found in the model folders (--model PATH)");
    if (jde.empty()) jde = NeuralDetectors::findModel(ModelFolders::search());
    PatchNet patches = PatchNet::load(model, device);
    std::printf("patch model %s on %s, %s\n", model.c_str(), target.str().c_str(), TorchRuntime::describe().c_str());
    const auto sync = [&] {
      if (target.is_cuda()) torch::cuda::synchronize();
    };
    double eightAt64 = 0.0;
    for (const std::string& text : {sizesText}) {
      std::stringstream in(text);
      for (std::string item; std::getline(in, item, ',');) {
        int w = 0, h = 0;
        std::sscanf(item.c_str(), "%dx%d", &w, &h);
        for (int batch : parseInts(batches)) {
          cv::Mat crop(h, w, CV_8UC3);
          cv::randu(crop, 0, 255);
          const std::vector<cv::Mat> crops(static_cast<std::size_t>(batch), crop);
          patches.run(crops);
          patches.run(crops);
          std::vector<double> ms;
          for (int r = 0; r < runs; ++r) {
            const double t0 = nowMs();
            patches.run(crops);
            sync();
            ms.push_back(nowMs() - t0);
          }
          const double p50 = percentile(ms, 0.5);
          std::printf("  %4dx%-4d batch %2d: %7.2f ms per batch, %6.3f ms per patch\n", w, h, batch, p50, p50 / batch);
          if (w == 64 && h == 128 && batch == 8) eightAt64 = p50;
        }
      }
    }
    JdeModel model768 = JdeModelFile::load(jde);
    model768.net->eval();
    model768.net->foldBatchNorm();
    model768.net->to(target);
    const torch::Tensor input =
        torch::rand({1, 3, 576, 768}).contiguous(torch::MemoryFormat::ChannelsLast).to(target);
    std::vector<double> ms;
    for (int r = 0; r < runs + 2; ++r) {
      torch::InferenceMode guard;
      const double t0 = nowMs();
      model768.net->forward(input, false);
      sync();
      if (r >= 2) ms.push_back(nowMs() - t0);
    }
    const double jdeMs = percentile(ms, 0.5);
    std::printf("JDE %s forward at 768x576: %.2f ms\n", model768.card.name.c_str(), jdeMs);
    if (eightAt64 > 0) std::printf("8 patches at 64x128 / JDE 768x576 forward: %.3f\n", eightAt64 / jdeMs);

    Rng rng(20);
    std::vector<double> solveMs, iterations;
    MarkovScheduler markov(0.01, 1000, 10, 7);
    for (int i = 0; i < instances; ++i) {
      const SchedulingProblem p = instance(rng);
      const double t0 = nowMs();
      const ScheduleResult result = markov.solve(p);
      solveMs.push_back(nowMs() - t0);
      iterations.push_back(result.iterations);
    }
    if (instances > 0) {
      std::printf("Markov scheduler, K = 12, 5 devices, 3 sizes, %d instances: p50 %.3f ms, p95 %.3f ms, "
                  "iterations p50 %.0f\n", instances, percentile(solveMs, 0.5), percentile(solveMs, 0.95),
                  percentile(iterations, 0.5));
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "edgescope-bench-patch: %s\n", e.what());
    return 1;
  }
  return 0;
}
