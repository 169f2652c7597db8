#pragma once
/// @file OnnxDnnCheck.h
/// Runs an ONNX file twice on one image — imported as an OnnxGraph (LibTorch) and through OpenCV dnn — and reports
/// the largest difference of their first outputs: the check behind `edgescope-cli onnx-info --check IMAGE`.
/// Stateless; any thread (each call loads its own copies of the model).

#include <string>

#include <opencv2/core/mat.hpp>

namespace edgescope {

class OnnxDnnCheck {
 public:
  struct Result {
    std::string output;             ///< name of the graph output compared (the first)
    double maxDifference = 0.0;     ///< largest |ours − OpenCV| over the output's elements
    double maxReference = 0.0;      ///< largest |OpenCV| (the scale of the output)
    double relative() const { return maxReference > 0.0 ? maxDifference / maxReference : maxDifference; }
  };

  /// Resizes @p imageBgr to the model's declared input size (dynamic sides: @p fallbackSide pixels), scales pixels to
  /// [0, 1] as RGB, and compares. Throws Error naming the model for a model LibTorch cannot import or OpenCV cannot
  /// read, or a graph whose first input is not an image (N×3×H×W).
  static Result compare(const std::string& modelPath, const cv::Mat& imageBgr, int fallbackSide = 416);
};

}  // namespace edgescope
