#include "core/BoundingBox.h"

#include <algorithm>

namespace edgescope {

float BoundingBox::intersectionArea(const BoundingBox& other) const {
  const float w = std::min(right(), other.right()) - std::max(x, other.x);
  const float h = std::min(bottom(), other.bottom()) - std::max(y, other.y);
  return (w > 0 && h > 0) ? w * h : 0.0f;
}

float BoundingBox::iou(const BoundingBox& other) const {
  const float inter = intersectionArea(other);
  const float uni = area() + other.area() - inter;
  return uni > 0 ? inter / uni : 0.0f;
}

}  // namespace edgescope
