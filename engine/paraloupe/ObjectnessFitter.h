#pragma once
/// @file ObjectnessFitter.h
/// Fits and scores the objectness regression (ObjectnessModel) on consecutive frames with ground truth, the way the
/// patch generator sees them at run time: features of each frame against the previous one, history fed with each
/// frame's boxes (GT standing in for the aggregated boxes), labels = the cells the boxes cover. The first frame of a
/// sequence has no difference map and is skipped. Used by `edgescope-cli train-patch`. Thread: the caller's.

#include <vector>

#include <opencv2/core.hpp>

#include "core/BoundingBox.h"
#include "paraloupe/ObjectnessModel.h"

namespace edgescope {

/// How well p ≥ threshold marks the object cells of a sequence.
struct ObjectnessScore {
  double loss = 0.0;            ///< mean balanced log loss
  double objectRecall = 0.0;    ///< object cells with p ≥ threshold
  double backgroundRate = 0.0;  ///< background cells with p ≥ threshold
  int frames = 0;
};

class ObjectnessFitter {
 public:
  /// Fits @p model (from its weights) on @p frames (consecutive, 8-bit) with @p boxes per frame; returns the score
  /// on the same frames after fitting. Throws Error when the lists differ in length or hold fewer than 2 frames.
  static ObjectnessScore fit(ObjectnessModel& model, const std::vector<cv::Mat>& frames,
                             const std::vector<std::vector<BoundingBox>>& boxes, double historyDecay,
                             int iterations = 400, double learningRate = 1.0);
  /// Scores @p model on a sequence at @p threshold (no update).
  static ObjectnessScore score(const ObjectnessModel& model, const std::vector<cv::Mat>& frames,
                               const std::vector<std::vector<BoundingBox>>& boxes, double historyDecay,
                               double threshold = 0.5);

 private:
  /// Feature maps and labels of every frame after the first.
  static void collect(const std::vector<cv::Mat>& frames, const std::vector<std::vector<BoundingBox>>& boxes,
                      double historyDecay, std::vector<ObjectnessFeatureMaps>& maps, std::vector<cv::Mat>& labels);
};

}  // namespace edgescope
