#pragma once
/// @file TurboObjective.h
/// The terms Turbo's enhancer and discriminators train on (paper 004 §4.2–4.3): Eq. 1 difficulty labels from the
/// frozen detector's own peaks, per-instance labels, the detection loss L_d of the frozen heads (CenterNet heatmap
/// focal loss + box L1, as JdeLoss), the adversarial terms (non-saturating) and the distance to the clean twin.
/// Only edgescope_torch includes this header.

#include <torch/torch.h>

#include "neural/JdeLoss.h"
#include "neural/JdeNet.h"

namespace edgescope {

/// Stateless.
class TurboObjective {
 public:
  /// Eq. 1 per image: d = 1 − mean score of the heatmap peaks ≥ @p floor (3×3 local maxima of the sigmoid). An
  /// image without such a peak has d = 1 when @p hasPeople (N, bool) says people are there, else 0. Returns N floats.
  static torch::Tensor frameDifficulty(const torch::Tensor& heatmapLogits, double floor, const torch::Tensor& hasPeople);
  /// Per image: true when at least 80 % of its labelled objects score @p floor at their centre (instanceScores), or
  /// it has none. N bools.
  static torch::Tensor recallEasy(const torch::Tensor& heatmapLogits, const JdeBatchTargets& targets, double floor);
  /// The detector's score at each labelled object's centre (max over its 3×3 neighbourhood): N×M.
  static torch::Tensor instanceScores(const torch::Tensor& heatmapLogits, const JdeBatchTargets& targets);
  /// L_d: heatmap focal loss + 0.1 · size L1 + offset L1 over the real objects of @p targets.
  static torch::Tensor detectionLoss(const JdeNetOutput& out, const JdeBatchTargets& targets);
  /// Distance to the clean twin: mean over neck inputs of the squared difference relative to the clean features'
  /// mean square, plus 1 − cosine of the ReID features at the objects' centres.
  static torch::Tensor pairLoss(const JdeEncoding& enhanced, const JdeNetOutput& enhancedOut, const JdeEncoding& clean,
                                const JdeNetOutput& cleanOut, const JdeBatchTargets& targets);
  /// The rows of every tensor of @p targets at @p index (a subset of the batch).
  static JdeBatchTargets select(const JdeBatchTargets& targets, const torch::Tensor& index);
  /// K×5 boxes (batch index, x0, y0, x1, y1 in input pixels) of the real objects of @p targets, and their N×M mask
  /// positions (@p flat, K longs into mask.flatten()). @p strideOut: the output grid's stride.
  static torch::Tensor instanceBoxes(const JdeBatchTargets& targets, int strideOut, torch::Tensor* flat);
};

}  // namespace edgescope
