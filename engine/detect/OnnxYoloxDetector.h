#pragma once
/// @file OnnxYoloxDetector.h
/// A YOLOX-family ONNX detector run through OpenCV dnn: letterbox → net → grid decode → class filter → NMS.

#include <memory>
#include <string>
#include <vector>

#include "detect/Detector.h"
#include "detect/OnnxModel.h"
#include "detect/YoloxDecoder.h"

namespace edgescope {

/// Options of the "onnx-yolox:PATH?size=WxH&conf=…&nms=…&classes=…" spec.
struct OnnxYoloxOptions {
  cv::Size inputSize;                ///< network input (pixels); empty = the size the model declares
  float confidenceThreshold = 0.1f;  ///< obj × cls score threshold; low so BYTE's second round gets boxes
  float nmsIouThreshold = 0.45f;     ///< boxes of one class overlapping a better one by more IoU are dropped
  std::vector<int> classes{0};       ///< class ids reported (COCO person = 0); empty = all
};

/// Thread: one caller at a time. Owns its net.
class OnnxYoloxDetector : public Detector {
 public:
  /// Loads @p modelPath, resolves the input size (options, else the model's declared H×W; a dynamic size without
  /// ?size is an Error), runs one warm-up inference and checks the output is YOLOX-like (N×(5+C), N = grid cells of
  /// strides 8/16/32) and that every requested class id is < C. Every failure throws Error naming the file.
  OnnxYoloxDetector(const std::string& modelPath, const OnnxYoloxOptions& options);

  std::vector<Detection> detect(const cv::Mat& bgr) override;
  std::string name() const override { return "onnx-yolox:" + model_.stem(); }
  cv::Size inputSize() const override { return inputSize_; }
  /// Number of classes the model's head predicts (80 for COCO).
  int classCount() const { return classCount_; }

 private:
  cv::Size resolveInputSize(const OnnxYoloxOptions& options) const;

  OnnxModel model_;
  OnnxYoloxOptions options_;
  cv::Size inputSize_;
  int classCount_ = 0;
};

}  // namespace edgescope
