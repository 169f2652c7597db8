#pragma once
/// @file ObjectnessModel.h
/// The objectness prediction model M of paper 002 (Section III-C3): a logistic regression
/// p = σ(w_edge·f_edge + w_diff·f_diff + w_hist·f_hist + w_bias) on every cell of ObjectnessFeatures. Fitted offline
/// by `edgescope-cli train-patch` (batch gradient descent on frames with ground truth, the weights go to the patch
/// model's card) and updated online each frame by one SGD step whose labels are the cells the frame's aggregated boxes
/// cover. Both use class-balanced gradients (object and background cells weigh half each), so p = 0.5 separates them
/// whatever the share of object cells. A step that would leave a non-finite weight restores the initial weights.
///
/// Value type; one stream's engine thread.

#include <array>
#include <vector>

#include <opencv2/core.hpp>

#include "paraloupe/ObjectnessFeatures.h"
#include "util/JsonDocument.h"

namespace edgescope {

class JsonNode;

class ObjectnessModel {
 public:
  static constexpr int kWeights = 4;  ///< edge, diff, hist, bias
  using Weights = std::array<double, kWeights>;

  /// Weights that favour edges and motion (used until a card provides fitted ones).
  ObjectnessModel();
  explicit ObjectnessModel(const Weights& weights);

  /// p ∈ (0, 1) per cell, CV_32F of the maps' grid.
  cv::Mat predict(const ObjectnessFeatureMaps& maps) const;
  /// One balanced SGD step of size @p learningRate towards @p occupancy (CV_32F, 1 = object cell, 0 = background) on
  /// @p maps. Returns false (and restores initialWeights()) when the step left a non-finite weight; a step without
  /// object or background cells changes nothing and returns true.
  bool update(const ObjectnessFeatureMaps& maps, const cv::Mat& occupancy, double learningRate);
  /// Batch gradient descent from the current weights over @p iterations passes of all @p frames (same-length lists);
  /// returns the final balanced log loss. Throws Error when the lists differ or a map's size differs from its label's.
  double fit(const std::vector<ObjectnessFeatureMaps>& frames, const std::vector<cv::Mat>& occupancy, int iterations,
             double learningRate);
  /// Balanced log loss of @p maps against @p occupancy (object and background halves).
  double loss(const ObjectnessFeatureMaps& maps, const cv::Mat& occupancy) const;

  /// Ablation (paper 002's per-feature shares; `paraloupe-bench` rows pl-edge, pl-diff, pl-hist): only the features
  /// whose flag is set (edge, diff, hist) take part; the others' weights become 0 and stay 0 through updates.
  void keepFeatures(const std::array<bool, 3>& keep);
  const Weights& weights() const { return weights_; }
  /// The weights the model started from (restored after a non-finite update).
  const Weights& initialWeights() const { return initial_; }
  /// {"edge":…, "diff":…, "hist":…, "bias":…}
  Json toJson() const;
  /// Reads toJson()'s object; throws Error naming the field when one is missing or not a finite number.
  static ObjectnessModel fromJson(const JsonNode& node);

 private:
  /// Adds the balanced gradient of @p maps against @p occupancy to @p gradient (scaled by @p weight); returns the loss.
  double accumulate(const ObjectnessFeatureMaps& maps, const cv::Mat& occupancy, Weights& gradient,
                    double weight) const;

  /// Zeroes the weights of features left out by keepFeatures().
  void applyMask(Weights& weights) const;

  Weights weights_;
  Weights initial_;
  std::array<bool, 3> keep_{true, true, true};
};

}  // namespace edgescope
