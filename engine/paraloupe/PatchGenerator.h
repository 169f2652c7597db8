#pragma once
/// @file PatchGenerator.h
/// The object-centric patch generator of paper 002 (Section III-C) on the camera, one per stream: objectness
/// features of the frame, the regression's p map, HighConf/RoI/LowConf proposals and the refiner — then, once the
/// frame's boxes are aggregated, the online objectness update and the history. A frame of another size resets the
/// features (and the history); reset() does the same after a seek or loop. A non-finite update restores the card's
/// weights and says so once (takeWarning()).
///
/// Thread: the owning engine thread. Cost: features ≈ 1 ms at 768×576 (see edgescope-bench-patch).

#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "core/Track.h"
#include "paraloupe/ObjectnessFeatures.h"
#include "paraloupe/ObjectnessModel.h"
#include "paraloupe/ParaLoupeConfig.h"
#include "paraloupe/PatchRefiner.h"

namespace edgescope {

/// What generate() produced for one frame.
struct GeneratedPatches {
  RefinedPatches refined;
  cv::Mat objectness;    ///< p per 8-px cell (CV_32F)
  float personHeightPx = 0.0f;
  double generateMs = 0.0;
};

class PatchGenerator {
 public:
  /// @p model: the card's regression (its weights are what a NaN update restores).
  explicit PatchGenerator(ObjectnessModel model = {});

  /// Patches of @p bgr (8-bit) given the tracker's @p predicted tracks for this frame and the operator's @p rois
  /// (frame pixels), under @p config.
  GeneratedPatches generate(const cv::Mat& bgr, const std::vector<Track>& predicted,
                            const std::vector<BoundingBox>& rois, const ParaLoupeConfig& config);
  /// After aggregation: @p boxes (frame pixels) label this frame's cells for one SGD step (lrRate) and enter the
  /// history (historyDecay).
  void learn(const std::vector<BoundingBox>& boxes, const ParaLoupeConfig& config);
  void reset();
  const ObjectnessModel& model() const { return model_; }
  /// Ablation: ObjectnessModel::keepFeatures on this generator's model.
  void keepFeatures(const std::array<bool, 3>& keep) { model_.keepFeatures(keep); }
  /// A warning since the last call ("" when none).
  std::string takeWarning();

 private:
  ObjectnessFeatures features_;
  ObjectnessModel model_;
  cv::Size frameSize_;
  float personHeightPx_ = 0.0f;  ///< running median-ish height of the aggregated boxes
  std::string warning_;
};

}  // namespace edgescope
