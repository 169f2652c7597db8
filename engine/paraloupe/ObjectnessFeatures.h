#pragma once
/// @file ObjectnessFeatures.h
/// The three indicative features of paper 002 (Section III-C2) on a grid of 8×8-pixel cells: f_edge (texture: mean
/// Sobel gradient magnitude), f_diff (mean absolute difference to the previous frame) and f_hist (decayed
/// occupancy of the boxes aggregated in past frames). Each is scaled to about [0, 1] (edge: magnitude / 128, diff:
/// grey levels / 32, both clamped to 2) so one logistic regression weighs them (ObjectnessModel).
///
/// Thread: one stream's engine thread; not shared. Cost: about 1 ms at 768×576 on one core (grey, Sobel, two
/// area resizes).

#include <vector>

#include <opencv2/core.hpp>

#include "core/BoundingBox.h"

namespace edgescope {

/// The feature maps of one frame; every map is CV_32F of ObjectnessFeatures::gridSize(frame size).
struct ObjectnessFeatureMaps {
  cv::Mat edge;
  cv::Mat diff;
  cv::Mat hist;
  int cellPx = 8;
  bool hasPrevious = false;  ///< diff is meaningful (false on the first frame after a reset: all zero)
};

class ObjectnessFeatures {
 public:
  static constexpr int kCellPx = 8;
  static constexpr double kEdgeScale = 128.0;
  static constexpr double kDiffScale = 32.0;
  static constexpr double kClamp = 2.0;

  /// Cells covering @p frameSize (the last row/column may be partial).
  static cv::Size gridSize(cv::Size frameSize);

  /// Computes the maps of @p bgr (CV_8UC3 or CV_8UC1) against the previous frame given here. A frame of another
  /// size than the previous one resets diff and history first (source size change).
  const ObjectnessFeatureMaps& compute(const cv::Mat& bgr);
  /// Adds this frame's aggregated boxes (frame pixels) to the history: hist ← (1 − decay)·hist + decay·occupancy.
  void addBoxes(const std::vector<BoundingBox>& boxes, double decay);
  /// Forgets the previous frame and the history (seek, loop, new source).
  void reset();
  const ObjectnessFeatureMaps& maps() const { return maps_; }
  /// Occupancy (1 inside any box, else 0) of @p boxes on the cell grid of @p frameSize; a cell counts when its
  /// centre lies in a box.
  static cv::Mat occupancy(const std::vector<BoundingBox>& boxes, cv::Size frameSize);

 private:
  ObjectnessFeatureMaps maps_;
  cv::Mat previousGrey_;
  cv::Mat grey_;
  cv::Mat gradX_;
  cv::Mat gradY_;
  cv::Mat magnitude_;
};

}  // namespace edgescope
