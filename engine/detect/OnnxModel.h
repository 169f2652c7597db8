#pragma once
/// @file OnnxModel.h
/// An ONNX network loaded with OpenCV's dnn module plus its declared input/output shapes. Every failure (missing
/// file, corrupt file, unsupported layer, wrong input blob) becomes an Error naming the file.

#include <opencv2/dnn.hpp>
#include <string>

#include "detect/OnnxModelInfo.h"

namespace edgescope {

/// Owns its cv::dnn::Net. Thread: one caller at a time (forward() mutates the net's internal buffers).
class OnnxModel {
 public:
  /// Loads @p path (CPU, OpenCV backend, cv::setNumThreads as configured by the process). Throws Error naming the
  /// file when it does not exist, is not a regular file, or cannot be parsed or loaded.
  explicit OnnxModel(const std::string& path);

  const std::string& path() const { return path_; }
  /// File name without folder and extension ("yolox_nano").
  std::string stem() const;
  const OnnxModelInfo& info() const { return info_; }
  /// The first graph input (the image tensor for the models used here).
  const OnnxTensorInfo& input() const { return info_.inputs().front(); }

  /// Runs the net on @p blob (NCHW float) and returns its first output (a view into the net's buffer, valid until
  /// the next forward()). Throws Error naming the file and the blob shape when OpenCV rejects it.
  cv::Mat forward(const cv::Mat& blob);

  /// "1x3x416x416" for an N-dimensional Mat.
  static std::string shapeText(const cv::Mat& mat);

 private:
  std::string path_;
  OnnxModelInfo info_;
  cv::dnn::Net net_;
};

}  // namespace edgescope
