#pragma once
/// @file DetectImage.h
/// Small image helpers shared by the detectors and embedders: input normalisation and box clipping.

#include <opencv2/core.hpp>

#include "core/BoundingBox.h"

namespace edgescope {

/// Stateless; call from any thread.
class DetectImage {
 public:
  /// @p image as 8-bit 3-channel BGR: 8-bit BGR is returned as is (no copy); grey and BGRA are converted; other
  /// depths are scaled to 0–255 (16-bit by 1/257, float assumed 0–1). An empty image gives an empty Mat.
  static cv::Mat toBgr8(const cv::Mat& image);
  /// The integer pixel rectangle covered by @p box (outward-rounded) intersected with @p size; empty when the box
  /// has no pixel inside (including NaN coordinates).
  static cv::Rect clipRect(const BoundingBox& box, cv::Size size);
  /// @p box clipped to [0, width] × [0, height] (float, no rounding); zero width/height when outside.
  static BoundingBox clipBox(const BoundingBox& box, cv::Size size);
};

}  // namespace edgescope
