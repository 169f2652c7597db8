#include "detect/NonMaxSuppression.h"

#include <algorithm>
#include <cmath>

namespace edgescope {
namespace {

bool isFinite(const Detection& d) {
  return std::isfinite(d.score) && std::isfinite(d.box.x) && std::isfinite(d.box.y) && std::isfinite(d.box.width) &&
         std::isfinite(d.box.height);
}

}  // namespace

std::vector<Detection> NonMaxSuppression::apply(std::vector<Detection> detections, float iouThreshold, bool perClass) {
  detections.erase(
      std::remove_if(detections.begin(), detections.end(), [](const Detection& d) { return !isFinite(d); }),
      detections.end());
  std::stable_sort(detections.begin(), detections.end(),
                   [](const Detection& a, const Detection& b) { return a.score > b.score; });
  std::vector<Detection> kept;
  kept.reserve(detections.size());
  for (auto& candidate : detections) {
    bool suppressed = false;
    for (const auto& k : kept) {
      if (perClass && k.classId != candidate.classId) continue;
      if (k.box.iou(candidate.box) > iouThreshold) {
        suppressed = true;
        break;
      }
    }
    if (!suppressed) kept.push_back(std::move(candidate));
  }
  return kept;
}

}  // namespace edgescope
