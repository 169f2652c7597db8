#pragma once
/// @file YoloxDecoder.h
/// Decoding of a YOLOX head output (grid-relative boxes for strides 8, 16, 32) into detections, and the shape check
/// that tells a YOLOX-like model from anything else. Pure functions on a cv::Mat, so they are testable without a model.

#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "core/Detection.h"

namespace edgescope {

/// What decode() keeps.
struct YoloxDecodeOptions {
  float confidenceThreshold = 0.1f;  ///< keep cells whose objectness × class score exceeds this (in [0, 1])
  std::vector<int> classes{0};       ///< class ids to report (COCO person = 0); empty = every class
};

/// Stateless; call from any thread.
class YoloxDecoder {
 public:
  static constexpr int kStrides[3] = {8, 16, 32};

  /// Number of grid cells for @p inputSize: Σ (W/s)·(H/s) over the strides (3549 for 416×416); 0 when either side is
  /// not a positive multiple of 32.
  static int gridCellCount(cv::Size inputSize);

  /// Checks that @p output is 1×N×(5+C) or N×(5+C), CV_32F, with N = gridCellCount(@p inputSize) and C ≥ 1; returns
  /// C. Throws Error naming @p modelName, the shape found and the shape expected otherwise.
  static int checkShape(const cv::Mat& output, cv::Size inputSize, const std::string& modelName);

  /// Decodes a checked @p output: cells are row-major per stride, strides in ascending order; per cell raw cx, cy,
  /// w, h, objectness, C class scores (probabilities). Box centre = (raw + grid index) × stride, size =
  /// exp(raw) × stride, in input pixels. One detection per cell and requested class whose obj × cls score exceeds
  /// the threshold (classId = that class). No NMS; order follows the cells.
  static std::vector<Detection> decode(const cv::Mat& output, cv::Size inputSize, const YoloxDecodeOptions& options);
};

}  // namespace edgescope
