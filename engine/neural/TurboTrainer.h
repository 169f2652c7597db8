#pragma once
/// @file TurboTrainer.h
/// Trains a TurboNet for one frozen JDE detector (paper 004 §4.2–4.4), in four stages:
///   0. D_f and D_i learn easy vs hard from Eq. 1 labels (the detector's own confidences on clean frames and their
///      degraded twins, DegradationSpec kinds and strengths);
///   1. adversarial (Eq. 3, non-saturating): G makes hard frames look easy to D_f and D_i, the Ds keep learning;
///   2. multi-exit, model-aware (Eq. 4): one sampled exit per batch element, the frozen heads' detection loss L_d
///      against the labels + λ_adv · L_S1 + λ_pair · the distance to the clean twin (neck features, ReID features);
///   3. D_f calibration: Platt scaling of D_f's logit on target frames against their Eq. 1 labels.
/// TurboTrainOptions::modelAgnostic replaces stages 1–2 by pixel L1 of the full image with an own encoder (ablation).
/// The detector's tensors are checked unchanged at the end. Checkpoints (with resume) every N steps; every step's
/// randomness comes from (seed, step), so a resumed run equals an uninterrupted one. Only edgescope_torch includes
/// this header.

#include <array>
#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "degrade/DegradationSpec.h"
#include "neural/JdeNet.h"
#include "neural/TrainingSample.h"
#include "neural/TurboNet.h"

namespace edgescope {

/// Value type.
struct TurboTrainOptions {
  std::array<int, 4> stageSteps{300, 600, 1500, 200};  ///< discriminators, adversarial, multi-exit, calibration
  int batchSize = 4;
  double learningRate = 1e-3;               ///< the decoder's (Adam)
  double discriminatorLearningRate = 5e-4;  ///< D_f's and D_i's (Adam)
  cv::Size cropSize{384, 288};              ///< training crops, multiples of 32
  DegradationSpec degrade;                  ///< kinds and strength range of the degraded twins (share is unused)
  double degradedShare = 0.75;              ///< share of batch elements that are degraded twins (the rest clean)
  double hardThreshold = 0.4;               ///< Eq. 1: d ≥ this is hard
  double scoreFloor = 0.3;                  ///< peaks counted by Eq. 1
  double instanceEasyScore = 0.6;           ///< D_i label: an object whose centre scores this is easy
  double lambdaAdversarial = 0.05;
  double lambdaPair = 0.5;
  bool noAdversarial = false;               ///< ablation: no L_S1 (the Ds still train, for difficulty)
  bool noInstance = false;                  ///< ablation: no D_i
  /// Ablation (paper 004 §6, model-aware vs model-agnostic): the decoder reads a trainable copy of the detector's
  /// encoder and learns only the full image, by pixel L1 to the clean twin (no L_d, no L_S1, no pair term); stage 1
  /// is idle, the discriminators train as usual (they give the difficulty).
  bool modelAgnostic = false;
  /// D_f's training labels: "eq1" (the paper: d = 1 − mean peak confidence ≥ scoreFloor, hard at d ≥ hardThreshold)
  /// or "recall" (hard when fewer than 80 % of the labelled people score scoreFloor at their centre: what the
  /// detector misses, the benchmark's oracle in spirit). Calibration always uses Eq. 1 (target frames have no labels).
  std::string frameLabels = "eq1";
  std::uint64_t seed = 1;
  std::string device = "auto";
  std::string checkpointPath;
  int checkpointEverySteps = 100;
  bool resume = false;
  std::string lossCsvPath;
  TurboNetConfig architecture;
};

/// Reported after every step. Value type.
struct TurboTrainProgress {
  int stage = 0;
  std::int64_t step = 0, totalSteps = 0, firstStep = 0;
  double detection = 0, adversarial = 0, pair = 0, discriminator = 0, hardShare = 0;
  double pixel = 0;  ///< model-agnostic: mean absolute difference to the clean twin (normalised input units)
  double elapsedSeconds = 0, etaSeconds = 0;
};

/// What a finished run measured. Value type.
struct TurboTrainResult {
  TurboNet net{nullptr};           ///< on the CPU, eval mode, not folded
  double calibrationA = 1.0, calibrationB = 0.0;
  double discriminatorAccuracy = 0.0;  ///< D_f on the calibration frames after calibration
  double seconds = 0.0;
};

/// One trainer per run; train() runs on the caller's thread; requestStop() from any thread.
class TurboTrainer {
 public:
  /// Stage 0's first this many steps must see a hard degraded frame (else an Error: nothing to learn).
  static constexpr std::int64_t kHardCheckSteps = 50;
  using ProgressCallback = std::function<void(const TurboTrainProgress&)>;
  using MessageCallback = std::function<void(const std::string&)>;

  /// @p detector: frozen (its parameters stop requiring gradients); @p samples: labelled frames; @p targetFrames:
  /// unlabelled frames of the deployment for calibration (empty: the samples' images); @p init: an enhancer of the
  /// same architecture whose weights the run starts from (fine-tuning; null: fresh). Throws Error when there are no
  /// samples, for unknown frameLabels, and for an @p init of another architecture.
  TurboTrainer(TurboTrainOptions options, JdeNet detector, const std::vector<TrainingSample>& samples,
               std::vector<cv::Mat> targetFrames, TurboNet init = nullptr);
  TurboTrainResult train(const ProgressCallback& onProgress = {}, const MessageCallback& onMessage = {});
  void requestStop() { stop_ = true; }
  std::string deviceName() const { return device_.str(); }

 private:
  struct Batch;
  Batch makeBatch(std::int64_t step) const;
  double calibrate(TurboNet& turbo, double* a, double* b, const MessageCallback& onMessage);

  TurboTrainOptions options_;
  JdeNet detector_;
  const std::vector<TrainingSample>& samples_;
  std::vector<cv::Mat> targetFrames_;
  TurboNet init_;  ///< weights to start from (null: fresh)
  torch::Device device_;
  std::atomic<bool> stop_{false};
};

}  // namespace edgescope
