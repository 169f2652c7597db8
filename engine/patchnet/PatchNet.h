#pragma once
/// @file PatchNet.h
/// Runs ParaLoupe's patch model (issue 20) on batches of crops: N×3×H×W channels-last, BatchNorm folded (for a
/// loaded model), CPU or CUDA; decodes at most maxPeaks centre peaks per crop (objectness, the person's box in crop
/// pixels, an L2-normalised embedding). The peak nearest the crop centre is the patch's object (PatchAggregator).
/// Only code linking edgescope_patchnet includes this header (LibTorch).
///
/// Thread: one caller at a time (a node's request thread, a camera's engine thread, the trainer's validation).

#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <torch/torch.h>

#include "neural/JdeModelCard.h"
#include "neural/JdeNet.h"
#include "paraloupe/PatchAggregator.h"

namespace edgescope {

struct PatchNetOptions {
  float minObjectness = 0.05f;  ///< peaks below are not decoded (the aggregator applies paraloupe.objectness)
  int maxPeaks = 3;
  bool embeddings = true;
};

class PatchNet {
 public:
  static constexpr int kMaxBatch = 64;

  /// Loads the patch model at @p path (card or weights): Error naming the file, and the field "kind" for a card that
  /// is not a patch model. @p device: auto | cpu | cuda; @p threads: CPU threads (0 = leave as configured).
  static PatchNet load(const std::string& path, const std::string& device = "cpu", int threads = 0,
                       PatchNetOptions options = {});
  /// Wraps a network being trained (not folded; eval mode during run()).
  PatchNet(JdeNet net, torch::Device device, std::vector<cv::Size> sizes, PatchNetOptions options = {});

  /// Peaks of every crop (8-bit BGR, all of one size — any multiple of 32, normally one of sizes()); at most
  /// kMaxBatch crops per call. Throws Error for mixed or invalid sizes.
  std::vector<std::vector<PatchPeak>> run(const std::vector<cv::Mat>& crops);
  const std::vector<cv::Size>& sizes() const { return sizes_; }
  const JdeModelCard& card() const { return card_; }
  const std::string& path() const { return path_; }
  JdeNet& net() { return net_; }
  const torch::Device& device() const { return device_; }
  /// Median wall time per patch (ms) of a batch-@p batch forward at @p size on the CPU, BatchNorm folded (a copy of
  /// @p net is folded; @p net is not changed), over @p repeats runs after two warm-ups.
  static double measureMsPerPatch(JdeNet& net, cv::Size size, int batch = 8, int repeats = 15);
  /// Learnable parameters of @p net.
  static std::int64_t parameterCount(JdeNet& net);

 private:
  std::vector<std::vector<PatchPeak>> decode(const JdeNetOutput& out, int count);

  JdeNet net_;
  torch::Device device_;
  std::vector<cv::Size> sizes_;
  PatchNetOptions options_;
  JdeModelCard card_;
  std::string path_;
  torch::Tensor input_;  ///< host buffer, reused while the batch shape stays the same
};

}  // namespace edgescope
