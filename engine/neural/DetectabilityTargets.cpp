#include "neural/DetectabilityTargets.h"

#include <algorithm>
#include <cmath>

#include "neural/CenterTargets.h"

namespace edgescope {

std::vector<cv::Mat> DetectabilityTargets::render(cv::Size frameSize, int stride,
                                                  const std::vector<std::vector<Detection>>& perResolution,
                                                  float minScore) {
  const int rows = (frameSize.height + stride - 1) / stride, cols = (frameSize.width + stride - 1) / stride;
  std::vector<cv::Mat> maps;
  for (const auto& detections : perResolution) {
    cv::Mat map = cv::Mat::zeros(rows, cols, CV_32F);
    for (const Detection& d : detections) {
      if (d.score < minScore || d.box.width <= 0 || d.box.height <= 0) continue;
      const int cx = std::clamp(static_cast<int>(d.box.centerX() / stride), 0, cols - 1);
      const int cy = std::clamp(static_cast<int>(d.box.centerY() / stride), 0, rows - 1);
      const double radius =
          CenterTargets::gaussianRadius(std::ceil(d.box.width / stride), std::ceil(d.box.height / stride));
      CenterTargets::drawGaussian(map, {cx, cy}, static_cast<int>(radius));
    }
    maps.push_back(map);
  }
  return maps;
}

}  // namespace edgescope
