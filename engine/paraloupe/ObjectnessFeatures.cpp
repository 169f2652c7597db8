#include "paraloupe/ObjectnessFeatures.h"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "util/Error.h"

namespace edgescope {

namespace {

/// Mean of @p src (CV_32F, full resolution) over each cell, scaled by 1/@p scale and clamped to kClamp.
void cellMean(const cv::Mat& src, cv::Size grid, double scale, cv::Mat& dst) {
  const cv::Size padded(grid.width * ObjectnessFeatures::kCellPx, grid.height * ObjectnessFeatures::kCellPx);
  cv::Mat source = src;
  if (padded != src.size()) {  // partial last cells: replicate the border so their mean is over real pixels
    cv::copyMakeBorder(src, source, 0, padded.height - src.rows, 0, padded.width - src.cols, cv::BORDER_REPLICATE);
  }
  cv::resize(source, dst, grid, 0, 0, cv::INTER_AREA);
  dst.convertTo(dst, CV_32F, 1.0 / scale);
  cv::min(dst, ObjectnessFeatures::kClamp, dst);
}

}  // namespace

cv::Size ObjectnessFeatures::gridSize(cv::Size frameSize) {
  return {(frameSize.width + kCellPx - 1) / kCellPx, (frameSize.height + kCellPx - 1) / kCellPx};
}

const ObjectnessFeatureMaps& ObjectnessFeatures::compute(const cv::Mat& bgr) {
  if (bgr.empty() || (bgr.type() != CV_8UC3 && bgr.type() != CV_8UC1)) {
    throw Error("objectness features: expected an 8-bit grey or BGR frame");
  }
  if (bgr.channels() == 3) {
    cv::cvtColor(bgr, grey_, cv::COLOR_BGR2GRAY);
  } else {
    bgr.copyTo(grey_);
  }
  const cv::Size grid = gridSize(grey_.size());
  if (!previousGrey_.empty() && previousGrey_.size() != grey_.size()) reset();
  if (maps_.hist.size() != grid) maps_.hist = cv::Mat::zeros(grid, CV_32F);

  cv::Sobel(grey_, gradX_, CV_32F, 1, 0, 3);
  cv::Sobel(grey_, gradY_, CV_32F, 0, 1, 3);
  cv::magnitude(gradX_, gradY_, magnitude_);
  cellMean(magnitude_, grid, kEdgeScale, maps_.edge);

  maps_.hasPrevious = !previousGrey_.empty();
  if (maps_.hasPrevious) {
    cv::absdiff(grey_, previousGrey_, magnitude_);
    magnitude_.convertTo(magnitude_, CV_32F);
    cellMean(magnitude_, grid, kDiffScale, maps_.diff);
  } else {
    maps_.diff = cv::Mat::zeros(grid, CV_32F);
  }
  std::swap(previousGrey_, grey_);
  maps_.cellPx = kCellPx;
  return maps_;
}

cv::Mat ObjectnessFeatures::occupancy(const std::vector<BoundingBox>& boxes, cv::Size frameSize) {
  const cv::Size grid = gridSize(frameSize);
  cv::Mat occupied = cv::Mat::zeros(grid, CV_32F);
  for (const BoundingBox& box : boxes) {
    // Cells whose centre (c + 0.5)·8 lies in [x, x + w).
    const int c0 = std::max(0, static_cast<int>(std::ceil(box.x / kCellPx - 0.5)));
    const int c1 = std::min(grid.width - 1, static_cast<int>(std::ceil(box.right() / kCellPx - 0.5)) - 1);
    const int r0 = std::max(0, static_cast<int>(std::ceil(box.y / kCellPx - 0.5)));
    const int r1 = std::min(grid.height - 1, static_cast<int>(std::ceil(box.bottom() / kCellPx - 0.5)) - 1);
    if (c0 > c1 || r0 > r1) continue;
    occupied(cv::Rect(c0, r0, c1 - c0 + 1, r1 - r0 + 1)).setTo(1.0f);
  }
  return occupied;
}

void ObjectnessFeatures::addBoxes(const std::vector<BoundingBox>& boxes, double decay) {
  if (previousGrey_.empty()) return;  // no frame yet: nothing to align the grid with
  const cv::Mat occupied = occupancy(boxes, previousGrey_.size());
  const double d = std::clamp(decay, 0.0, 1.0);
  cv::addWeighted(maps_.hist, 1.0 - d, occupied, d, 0.0, maps_.hist);
}

void ObjectnessFeatures::reset() {
  previousGrey_.release();
  maps_ = ObjectnessFeatureMaps{};
}

}  // namespace edgescope
