#pragma once
/// @file Detector.h
/// The interface every person/object detector implements. Create one with DetectorFactory::create(spec).

#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "core/Detection.h"

namespace edgescope {

/// Thread: one caller at a time (implementations keep per-call scratch buffers and a dnn net); different instances
/// may run on different threads. Owned by whoever created it.
class Detector {
 public:
  virtual ~Detector() = default;

  /// Detects objects in @p bgr (8-bit BGR; grey and BGRA frames are converted). Boxes are in @p bgr's pixel
  /// coordinates, clipped to the frame, sorted by descending score; scores are in [0, 1]; `embedding` stays empty.
  /// An empty frame gives no detections. Throws Error (naming the model file) only when inference itself fails.
  virtual std::vector<Detection> detect(const cv::Mat& bgr) = 0;

  /// Short display name, e.g. "onnx-yolox:yolox_nano" or "hog".
  virtual std::string name() const = 0;

  /// The network input size in pixels (width × height) every frame is letterboxed to, or an empty size when the
  /// detector works on the (optionally rescaled) frame itself, as HOG does.
  virtual cv::Size inputSize() const = 0;
};

}  // namespace edgescope
