#pragma once
/// @file BoxIou.h
/// Intersection over union of pixel boxes in double precision, as TrackEval computes it for MOTChallenge (x, y,
/// width, height; no +1; empty boxes overlap nothing).

#include <vector>

#include "core/BoundingBox.h"
#include "eval/EvalFrame.h"

namespace edgescope {

/// Stateless; call from any thread.
class BoxIou {
 public:
  /// IoU in [0, 1]; 0 when either box has no area.
  static double compute(const BoundingBox& a, const BoundingBox& b);
  /// Every pair (i, j) of @p gt × @p hyp whose IoU is > 0, row-major order.
  static std::vector<EvalFrame::Overlap> overlaps(const std::vector<BoundingBox>& gt,
                                                  const std::vector<BoundingBox>& hyp);
};

}  // namespace edgescope
