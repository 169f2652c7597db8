#pragma once
/// @file DetectabilityTargets.h
/// Self-supervised DeepScale targets (paper 000, Section III-B): for each candidate resolution, the objects the
/// detector found when the frame was shrunk to that resolution, scaled back to the full frame and rendered as
/// Gaussian peaks on the full-resolution stride-4 grid. Torch-free.

#include <vector>

#include <opencv2/core/mat.hpp>

#include "core/Detection.h"
#include "neural/TrainingSample.h"

namespace edgescope {

/// Stateless.
class DetectabilityTargets {
 public:
  /// @p perResolution: detections at each candidate resolution (highest first), boxes already in full-frame pixels;
  /// only those scoring at least @p minScore count. Returns one CV_32F map per resolution of ceil(H/stride) ×
  /// ceil(W/stride) for a @p frameSize frame, peaks exactly 1 at object centres, Gaussian radius from the object's
  /// size (CenterNet rule).
  static std::vector<cv::Mat> render(cv::Size frameSize, int stride,
                                     const std::vector<std::vector<Detection>>& perResolution, float minScore);

  /// What "found" means when the frame has labels: the detections that match a labelled box with IoU ≥ @p minIou
  /// (greedy, highest IoU first, one detection per label), each replaced by the label's box. A detection that lands
  /// beside its person (IoU below the MOT criterion, a miss and a false positive for MOTA) or on nobody is not a
  /// find, and every resolution's peaks sit on the same label centres, so Eq. 5's products compare like with like.
  /// Detections scoring below @p minScore are dropped first.
  static std::vector<Detection> keepMatched(const std::vector<Detection>& detections,
                                            const std::vector<LabeledBox>& labels, float minScore, float minIou);
};

}  // namespace edgescope
