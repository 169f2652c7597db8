#pragma once
/// @file TurboEvaluation.h
/// Scores a Turbo enhancer on labelled frames, each clean and as a degraded twin (a random kind and strength of a
/// DegradationSpec, seeded per frame): person AP50 per exit, the Eq. 1 difficulty of each frame, D_f's AUROC against
/// the oracle label (plain per-frame F1 < 0.8), and the gain profile P[bucket][exit] (mean per-frame AP50 gain over
/// exit 0, in points). Shared by train-enhancer and turbo-profile. Built only with LibTorch.

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "degrade/DegradationSpec.h"
#include "neural/TrainingSample.h"
#include "neural/TurboInference.h"
#include "turbo/GainProfile.h"

namespace edgescope {

/// Value type.
struct TurboEvaluationResult {
  std::vector<double> ap50Clean, ap50Degraded;  ///< per exit 0 … β, points
  GainProfile gain;                              ///< from the degraded and clean frames together
  double discriminatorAuroc = 0.0;               ///< D_f difficulty vs oracle hard (plain F1 < 0.8)
  double confidenceAuroc = 0.0;                  ///< Eq. 1 difficulty vs the same oracle
  int frames = 0, oracleHard = 0;
  /// Frames (clean and degraded twins) per difficulty bucket of the gain profile (GainProfile::bucketOf of the Eq. 1
  /// difficulty): buckets with 0 took their gains from the nearest measured bucket.
  std::vector<int> bucketFrames = std::vector<int>(GainProfile::kBucketCount, 0);
  /// "AP50.clean.exit0" … "AP50.degraded.exit5", "auroc.discriminator", "auroc.confidence" (prefixed by the caller).
  std::map<std::string, double> metrics() const;
};

/// Stateless.
class TurboEvaluation {
 public:
  using Progress = std::function<void(int done, int total)>;
  /// Every @p every-th sample of @p samples at its own size (rounded down to multiples of 32).
  static TurboEvaluationResult run(TurboInference& inference, const std::vector<TrainingSample>& samples, int every,
                                   const DegradationSpec& degrade, double scoreFloor, const Progress& progress = {});
  /// Area under the ROC curve of @p score for @p positive (ties count half); 0.5 when a class is empty.
  static double auroc(const std::vector<double>& score, const std::vector<bool>& positive);
};

}  // namespace edgescope
