#pragma once
/// @file Detection.h
/// One detector output: a box, a confidence and an optional appearance embedding.

#include <vector>

#include "core/BoundingBox.h"

namespace edgescope {

/// Value type. `embedding` is empty when the detector has no appearance head.
struct Detection {
  BoundingBox box;             ///< pixels, in the source frame's coordinates
  float score = 1.0f;          ///< confidence in [0, 1]
  int classId = 0;             ///< detector-specific class index (0 = person)
  std::vector<float> embedding;  ///< L2-normalised appearance vector, or empty
};

}  // namespace edgescope
