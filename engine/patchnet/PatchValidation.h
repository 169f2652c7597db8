#pragma once
/// @file PatchValidation.h
/// Scores a patch model on validation crops (PatchSampler without augmentation, fixed seed): detection loss
/// (heatmap focal + box L1, no identity term: validation people are not training identities), F1 at IoU 0.5 over every
/// labelled person in the crops (peaks at or above the objectness threshold, greedy matching on the visible part),
/// and the median IoU of the centre peak with the centre person on positive crops (0 when it is missed). The
/// per-size F1 is the scheduler's accuracy α^j. Thread: the caller's.

#include <cstdint>

#include <opencv2/core/types.hpp>

#include "patchnet/PatchNet.h"
#include "patchnet/PatchSampler.h"

namespace edgescope {

struct PatchScore {
  cv::Size size;
  int crops = 0;
  double loss = 0.0;
  double f1 = 0.0;
  double precision = 0.0;
  double recall = 0.0;
  double medianIou = 0.0;
};

class PatchValidation {
 public:
  /// @p crops crops at @p size drawn with @p seed (the same seed gives the same crops for every model).
  static PatchScore evaluate(PatchNet& net, const PatchSampler& sampler, cv::Size size, int crops,
                             std::uint64_t seed, float objectness = 0.3f);
};

}  // namespace edgescope
