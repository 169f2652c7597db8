#pragma once
/// @file PatchAggregator.h
/// Result aggregation of paper 002 (the paper only maps boxes back; merging is ours): every patch's peaks are mapped
/// from crop to frame pixels (PatchCropper::toFrame), peaks below the objectness threshold dropped, a peak whose box
/// touches the crop edge where the crop does not reach the frame edge (a person cut by the patch) scored × 0.5, boxes
/// clipped to the frame, then class-agnostic NMS at mergeIou in which the centre peak of a HighConf patch (the
/// patch's own object) goes before every other peak, then by score.
///
/// Pure function object; any thread.

#include <vector>

#include <opencv2/core.hpp>

#include "core/Detection.h"
#include "paraloupe/Patch.h"

namespace edgescope {

/// One decoded peak of the patch model, in crop pixels of its input size.
struct PatchPeak {
  BoundingBox box;
  float objectness = 0.0f;
  std::vector<float> embedding;
};

/// One served patch: where it was cut, the input size it ran at and its peaks.
struct PatchOutcome {
  Patch patch;
  cv::Size inputSize;
  std::vector<PatchPeak> peaks;
};

struct PatchAggregatorOptions {
  float objectness = 0.3f;
  float mergeIou = 0.5f;
  float truncatedFactor = 0.5f;
  float edgeTolerancePx = 1.0f;  ///< crop pixels within which a box "touches" the crop edge
};

class PatchAggregator {
 public:
  explicit PatchAggregator(PatchAggregatorOptions options = {}) : options_(options) {}

  /// Frame detections (with the peaks' embeddings) of a frame of @p frameSize.
  std::vector<Detection> aggregate(const std::vector<PatchOutcome>& outcomes, cv::Size frameSize) const;
  /// Index of the peak whose centre is nearest the crop centre (−1 without peaks).
  static int centrePeak(const std::vector<PatchPeak>& peaks, cv::Size inputSize);

 private:
  PatchAggregatorOptions options_;
};

}  // namespace edgescope
