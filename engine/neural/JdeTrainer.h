#pragma once
/// @file JdeTrainer.h
/// Trains a JdeNet (paper 000 Sections III-B–D): uncertainty-weighted detection loss + λ · detectability loss,
/// multi-resolution (DeepScale++) views, self-supervised detectability targets regenerated from the network's own
/// detections at every candidate resolution, Adam with warm-up and cosine decay, checkpoints with resume, a CSV of
/// losses per step. Uses the GPU when one is available. Only edgescope_torch includes this header.

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include <opencv2/core/types.hpp>

#include "neural/JdeLoss.h"
#include "neural/JdeNet.h"
#include "neural/TrainingSample.h"

namespace edgescope {

/// Value type.
struct JdeTrainOptions {
  int steps = 3000;
  int batchSize = 8;
  double learningRate = 1e-3;
  int warmupSteps = 100;
  cv::Size cropSize{384, 288};      ///< training crop (upper bound), multiples of 32
  bool multiResolution = true;      ///< DeepScale++ (Section III-D)
  double fullResolutionShare = 0.4; ///< with multiResolution: share of views at full size, the rest spread evenly
  double lambda = 1.0;              ///< weight of the detectability loss (Eq. 3)
  double detectabilityStart = 0.4;  ///< fraction of the steps after which detectability targets are first made
  int detectabilityRefreshes = 2;   ///< how often they are regenerated (evenly spaced from the start)
  float detectabilityMinScore = 0.4f;
  /// > 0: only detections matching a label with this IoU count as finds (DetectabilityTargets::keepMatched); 0 (the
  /// recipe of the shipped model): every detection scoring detectabilityMinScore counts, as in Section III-B.
  float detectabilityMatchIou = 0.0f;
  std::uint64_t seed = 1;
  std::string device = "auto";      ///< auto | cpu | cuda
  std::string checkpointPath;       ///< empty: no checkpoints
  int checkpointEverySteps = 100;
  bool resume = false;              ///< continue from checkpointPath when it exists
  std::string initFrom;             ///< start from these weights (a model .pt/.json — whose architecture is then
                                    ///< trained —, or a .ckpt: network + loss module) with a fresh optimiser and
                                    ///< schedule (fine-tuning); empty: random
  double emaDecay = 0.0;            ///< > 0: keep a WeightAverage with this decay and return (save) it
  bool relativeSize = false;        ///< box size L1 relative to the target size (JdeLossImpl's relativeSize)
  /// Second stage after detection training (needs initFrom): the network is frozen (BatchNorm statistics too) and
  /// only the detectability head learns, against targets made once from that final network, so the head predicts
  /// what the shipped detector finds at each resolution (the joint stage's targets come from an earlier, weaker
  /// network). Full-resolution views only (targets exist only there); the loss is λ · detectability alone.
  bool detectabilityOnly = false;
  std::string lossCsvPath;          ///< empty: no CSV
  /// Non-empty: the backbone is this ONNX model cut at architecture.backbone's taps, starting from its pretrained
  /// weights (unless initFrom or a resumed checkpoint supplies weights).
  std::string backboneOnnx;
  double backboneLrScale = 1.0;     ///< learning rate of the backbone's parameters relative to the rest
  int freezeBackboneSteps = 0;      ///< the backbone does not learn during the first steps (the new layers settle)
  /// Non-empty: an embedder spec (e.g. "onnx-reid:osnet_x0_25_msmt17.onnx") whose embeddings of every labelled box
  /// the ReID branch distils (ReidTeacherTable; cosine loss through a learnt projection).
  std::string reidTeacher;
  double distillWeight = 1.0;       ///< weight of the distillation term next to the identity cross-entropy
  JdeNetConfig architecture;
};

/// Reported after every step. Value type.
struct JdeTrainProgress {
  std::int64_t step = 0, totalSteps = 0;
  std::int64_t firstStep = 0;  ///< step this run started at (> 0 after --resume), for rates and ETAs
  double loss = 0, heatmap = 0, box = 0, identity = 0, detectability = 0, distill = 0, learningRate = 0;
  double elapsedSeconds = 0, etaSeconds = 0;
};

/// One trainer per run; train() runs on the caller's thread. requestStop() may be called from any thread.
class JdeTrainer {
 public:
  using ProgressCallback = std::function<void(const JdeTrainProgress&)>;
  using MessageCallback = std::function<void(const std::string&)>;

  /// @p samples: the training set (detectability maps are filled in during training); @p identities: identity
  /// classes (TrainingSetLoader::Result::identities). Throws Error when the set is empty or options are invalid.
  JdeTrainer(JdeTrainOptions options, std::vector<TrainingSample>& samples, int identities);
  /// Trains to options.steps (or until requestStop(); a checkpoint is written then). Returns the network on the CPU
  /// in eval mode. @p onMessage gets phase messages (target generation, checkpoints, resume).
  JdeNet train(const ProgressCallback& onProgress = {}, const MessageCallback& onMessage = {});
  void requestStop() { stop_ = true; }
  /// Seconds spent in train() (including a resumed run's earlier time).
  double trainingSeconds() const { return trainingSeconds_; }
  std::string deviceName() const { return device_.str(); }
  /// Whether JdeTrainOptions::initFrom / a path names a trainer checkpoint (".ckpt") rather than a model.
  static bool isCheckpointPath(const std::string& path);
  double finalLoss() const { return finalLoss_; }
  /// The architecture trained (with an imported backbone's provenance and graph filled in).
  const JdeNetConfig& architecture() const { return options_.architecture; }

 private:
  void generateDetectability(JdeNet& net, const MessageCallback& onMessage);
  void initialise(JdeNet& net, JdeLoss& loss, const MessageCallback& onMessage);
  /// Reads "net" and "loss" of a checkpoint archive and checks their shapes (Error prefixed with @p what).
  void readNetAndLoss(torch::serialize::InputArchive& archive, JdeNet& net, JdeLoss& loss,
                      const std::string& what) const;
  bool detectabilityDue(std::int64_t step) const;
  JdeLoss makeLoss() const;
  void buildTeacherTable(const MessageCallback& onMessage);
  double learningRateAt(std::int64_t step) const;

  JdeTrainOptions options_;
  std::vector<TrainingSample>& samples_;
  int identities_;
  torch::Device device_;
  std::shared_ptr<OnnxGraph> pretrainedBackbone_;  ///< imported weights (backboneOnnx), copied in at the start
  torch::Tensor teacherTable_;                     ///< ReID teacher embeddings (reidTeacher)
  int teacherDim_ = 0;
  std::atomic<bool> stop_{false};
  double trainingSeconds_ = 0.0;
  double finalLoss_ = 0.0;
};

}  // namespace edgescope
