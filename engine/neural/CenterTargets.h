#pragma once
/// @file CenterTargets.h
/// CenterNet/FairMOT training targets for one image on the stride-4 output grid: Gaussian centre heatmap, and per
/// object the grid index, box size, sub-cell offset and identity. Torch-free (plain arrays the trainer copies).

#include <vector>

#include <opencv2/core/mat.hpp>

#include "neural/TrainingSample.h"

namespace edgescope {

/// Value type built by CenterTargets::build().
struct CenterTargets {
  static constexpr int kMaxObjects = 128;

  cv::Mat heatmap;              ///< CV_32F rows×cols, peaks exactly 1 at object centres
  std::vector<int> index;       ///< per object: row · cols + col of its centre cell
  std::vector<float> size;      ///< per object: width, height in cells (interleaved)
  std::vector<float> offset;    ///< per object: sub-cell offset x, y in [0, 1) (interleaved)
  std::vector<int> identity;    ///< per object: identity class or −1
  std::vector<int> teacher;     ///< per object: row of the ReID teacher's embedding table or −1

  /// Targets for an image of @p imageSize pixels whose objects are @p boxes (image pixels; boxes are clipped to the
  /// image, ones narrower or shorter than @p minSidePx after clipping are skipped; at most kMaxObjects, largest first).
  static CenterTargets build(cv::Size imageSize, int stride, const std::vector<LabeledBox>& boxes, float minSidePx = 2.0f);
  /// CenterNet's Gaussian radius for a box of @p widthCells × @p heightCells (min overlap 0.7), at least 0.
  static double gaussianRadius(double widthCells, double heightCells, double minOverlap = 0.7);
  /// Draws max(existing, Gaussian of σ = (2·radius + 1)/6 centred on @p centerCell) into @p heatmap (CV_32F).
  static void drawGaussian(cv::Mat& heatmap, cv::Point centerCell, int radius);
};

}  // namespace edgescope
