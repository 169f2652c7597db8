#pragma once
/// @file NonMaxSuppression.h
/// Greedy non-maximum suppression over detections.

#include <vector>

#include "core/Detection.h"

namespace edgescope {

/// Stateless; call from any thread.
class NonMaxSuppression {
 public:
  /// Visits @p detections by descending score (ties keep input order) and keeps one unless its IoU with an already
  /// kept detection exceeds @p iouThreshold; with @p perClass only detections of the same classId suppress each
  /// other. Returns the kept detections sorted by descending score. Non-finite scores or boxes are dropped.
  static std::vector<Detection> apply(std::vector<Detection> detections, float iouThreshold, bool perClass = true);
};

}  // namespace edgescope
