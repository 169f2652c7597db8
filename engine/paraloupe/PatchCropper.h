#pragma once
/// @file PatchCropper.h
/// Cuts a patch out of a frame at a patch-model input size, and maps boxes between the crop and the frame. A patch
/// rectangle is whole pixels (PatchRefiner rounds it); where it reaches past the frame the crop is padded with grey
/// 114 (never shifted), so the mapping is the same affine map everywhere: frame = rect.origin + crop · rect.size /
/// inputSize. Downscaling uses area averaging, upscaling bilinear interpolation.
///
/// Pure functions; any thread.

#include <opencv2/core.hpp>

#include "core/BoundingBox.h"

namespace edgescope {

class PatchCropper {
 public:
  static constexpr int kPadValue = 114;

  /// The patch @p rect (frame pixels, whole numbers) of @p frame resized to @p inputSize (same type as @p frame).
  /// Throws Error for an empty frame, rectangle or size.
  static cv::Mat crop(const cv::Mat& frame, const BoundingBox& rect, cv::Size inputSize);
  /// A box in crop pixels of a patch at @p rect resized to @p inputSize, in frame pixels.
  static BoundingBox toFrame(const BoundingBox& cropBox, const BoundingBox& rect, cv::Size inputSize);
  /// Inverse of toFrame().
  static BoundingBox toCrop(const BoundingBox& frameBox, const BoundingBox& rect, cv::Size inputSize);
  /// @p rect with whole-pixel edges (x, y rounded; width and height rounded, at least 2).
  static BoundingBox roundRect(const BoundingBox& rect);
};

}  // namespace edgescope
