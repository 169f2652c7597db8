#pragma once
/// @file PatchTrainer.h
/// Trains a patch model (issue 20): batches of PatchSampler crops, one input size per step in turn (every size the
/// scheduler may pick), JdeLoss (focal heatmap, relative box L1, identity cross-entropy, optional distillation of a
/// ReID teacher's embeddings), Adam with linear warm-up and cosine decay to 5 %, checkpoints (network, loss module,
/// optimiser, step, RNG, seconds) with resume, and a CSV of the losses. Uses the GPU when asked and available.
///
/// One trainer per run; train() on the caller's thread; requestStop() from any thread.

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include <opencv2/core/types.hpp>

#include "neural/JdeNet.h"
#include "neural/JdeTrainer.h"
#include "patchnet/PatchSampler.h"

namespace edgescope {

struct PatchTrainOptions {
  int steps = 300;
  int batchSize = 32;
  double learningRate = 2e-3;
  int warmupSteps = 30;
  std::vector<cv::Size> sizes{{32, 64}, {64, 128}, {96, 192}};
  std::uint64_t seed = 1;
  std::string device = "auto";
  std::string checkpointPath;     ///< empty: none
  int checkpointEverySteps = 100;
  bool resume = false;            ///< continue from checkpointPath when it exists
  std::string initFrom;           ///< a checkpoint whose network (and loss module) to start from, fresh optimiser
  std::string lossCsvPath;        ///< empty: no CSV
  double distillWeight = 1.0;
  JdeNetConfig architecture;
};

class PatchTrainer {
 public:
  /// @p identities: identity classes of the sampler's samples. Throws Error for invalid options.
  PatchTrainer(PatchTrainOptions options, const PatchSampler& sampler, int identities);
  /// Distil @p table (T×dim, L2-normalised rows indexed by LabeledBox::teacher) into the embedding.
  void setTeacher(torch::Tensor table) { teacher_ = std::move(table); }
  /// Trains to options.steps (or until requestStop(), after a checkpoint). Returns the network on the CPU, eval mode.
  JdeNet train(const JdeTrainer::ProgressCallback& onProgress = {}, const JdeTrainer::MessageCallback& onMessage = {});
  void requestStop() { stop_ = true; }
  double trainingSeconds() const { return seconds_; }
  double finalLoss() const { return finalLoss_; }
  std::string deviceName() const { return device_.str(); }

 private:
  double learningRateAt(std::int64_t step) const;

  PatchTrainOptions options_;
  const PatchSampler& sampler_;
  int identities_;
  torch::Device device_;
  torch::Tensor teacher_;
  std::atomic<bool> stop_{false};
  double seconds_ = 0.0;
  double finalLoss_ = 0.0;
};

}  // namespace edgescope
