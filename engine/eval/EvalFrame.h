#pragma once
/// @file EvalFrame.h
/// One preprocessed frame as the metric accumulators see it: dense identity indices and the sparse box overlaps.

#include <vector>

namespace edgescope {

/// Value type. Identity indices are dense (0, 1, 2, …) across all sequences of an accumulation, so identities of
/// different sequences never collide.
struct EvalFrame {
  /// IoU of ground-truth row @p gt and hypothesis row @p hyp (indices into gtIds / hypIds); only pairs with IoU > 0.
  struct Overlap {
    int gt = 0;
    int hyp = 0;
    double iou = 0.0;
  };
  std::vector<int> gtIds;   ///< dense ground-truth identity of each kept GT row, unique within the frame
  std::vector<int> hypIds;  ///< dense hypothesis identity of each kept hypothesis row, unique within the frame
  std::vector<Overlap> overlaps;
};

}  // namespace edgescope
