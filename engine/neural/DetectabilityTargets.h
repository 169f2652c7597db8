#pragma once
/// @file DetectabilityTargets.h
/// Self-supervised DeepScale targets (paper 000, Section III-B): for each candidate resolution, the objects the
/// detector found when the frame was shrunk to that resolution, scaled back to the full frame and rendered as
/// Gaussian peaks on the full-resolution stride-4 grid. Torch-free.

#include <vector>

#include <opencv2/core/mat.hpp>

#include "core/Detection.h"

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
};

}  // namespace edgescope
