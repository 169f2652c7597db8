#include "eval/BoxIou.h"

#include <algorithm>
#include <limits>

namespace edgescope {

double BoxIou::compute(const BoundingBox& a, const BoundingBox& b) {
  constexpr double kEps = std::numeric_limits<double>::epsilon();
  const double ax0 = a.x, ay0 = a.y, ax1 = ax0 + a.width, ay1 = ay0 + a.height;
  const double bx0 = b.x, by0 = b.y, bx1 = bx0 + b.width, by1 = by0 + b.height;
  const double areaA = (ax1 - ax0) * (ay1 - ay0);
  const double areaB = (bx1 - bx0) * (by1 - by0);
  if (!(areaA > kEps) || !(areaB > kEps)) return 0.0;
  const double intersection =
      std::max(std::min(ax1, bx1) - std::max(ax0, bx0), 0.0) * std::max(std::min(ay1, by1) - std::max(ay0, by0), 0.0);
  const double unionArea = areaA + areaB - intersection;
  if (!(unionArea > kEps)) return 0.0;
  return intersection / unionArea;
}

std::vector<EvalFrame::Overlap> BoxIou::overlaps(const std::vector<BoundingBox>& gt,
                                                 const std::vector<BoundingBox>& hyp) {
  std::vector<EvalFrame::Overlap> out;
  for (std::size_t i = 0; i < gt.size(); ++i) {
    for (std::size_t j = 0; j < hyp.size(); ++j) {
      const double iou = compute(gt[i], hyp[j]);
      if (iou > 0.0) out.push_back({static_cast<int>(i), static_cast<int>(j), iou});
    }
  }
  return out;
}

}  // namespace edgescope
