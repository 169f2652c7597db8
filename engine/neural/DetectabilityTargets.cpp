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

std::vector<Detection> DetectabilityTargets::keepMatched(const std::vector<Detection>& detections,
                                                        const std::vector<LabeledBox>& labels, float minScore,
                                                        float minIou) {
  struct Pair {
    float iou;
    std::size_t detection, label;
  };
  std::vector<Pair> pairs;
  for (std::size_t d = 0; d < detections.size(); ++d) {
    if (detections[d].score < minScore) continue;
    for (std::size_t l = 0; l < labels.size(); ++l) {
      const float iou = detections[d].box.iou(labels[l].box);
      if (iou >= minIou) pairs.push_back({iou, d, l});
    }
  }
  std::stable_sort(pairs.begin(), pairs.end(), [](const Pair& a, const Pair& b) { return a.iou > b.iou; });
  std::vector<bool> detectionUsed(detections.size(), false), labelUsed(labels.size(), false);
  std::vector<Detection> found;
  for (const Pair& p : pairs) {
    if (detectionUsed[p.detection] || labelUsed[p.label]) continue;
    detectionUsed[p.detection] = labelUsed[p.label] = true;
    Detection d = detections[p.detection];
    d.box = labels[p.label].box;
    found.push_back(std::move(d));
  }
  return found;
}

}  // namespace edgescope
