#pragma once
/// @file Letterbox.h
/// YOLOX-style letterbox: the frame is resized keeping its aspect ratio so that it fits the network input, placed at
/// the top-left, and the rest is padded with grey 114. Boxes found on the input map back by dividing by the scale.

#include <opencv2/core.hpp>

#include "core/BoundingBox.h"

namespace edgescope {

/// Value type; call from any thread.
class Letterbox {
 public:
  static constexpr int kPadValue = 114;

  /// The letterbox of an @p imageSize frame into an @p inputSize network input (both width × height, pixels).
  /// An empty image size gives scale 0 and an empty resized size.
  Letterbox(cv::Size imageSize, cv::Size inputSize);

  /// Input pixels per frame pixel: min(inputW / imageW, inputH / imageH).
  double scale() const { return scale_; }
  /// Size of the frame inside the input: (int(imageW × scale), int(imageH × scale)) — truncated, as YOLOX does.
  cv::Size resizedSize() const { return resized_; }
  cv::Size inputSize() const { return input_; }

  /// @p bgr (8-bit, 3 channels, of the image size given at construction) letterboxed into an inputSize() CV_8UC3.
  cv::Mat apply(const cv::Mat& bgr) const;
  /// apply() as a 1×3×H×W CV_32F NCHW blob, BGR order, values 0–255 (no mean, no scaling).
  cv::Mat blob(const cv::Mat& bgr) const;
  /// A box in input pixels mapped to frame pixels (divided by the scale; not clipped).
  BoundingBox toImage(const BoundingBox& inputBox) const;

 private:
  cv::Size input_;
  cv::Size resized_;
  double scale_ = 0.0;
};

}  // namespace edgescope
