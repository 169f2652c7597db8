#pragma once
/// @file OperatorAnswers.h
/// What ParaLoupe answers the console's operator commands with (issue 20): the checked RoI list and its Info text,
/// and the What-if-lost sentence from a re-solved schedule. Pure functions; any thread.

#include <string>
#include <vector>

#include <opencv2/core/types.hpp>

#include "core/BoundingBox.h"
#include "paraloupe/PatchScheduler.h"
#include "paraloupe/SchedulingProblem.h"

namespace edgescope {

class OperatorAnswers {
 public:
  /// @p rois unchanged when each is finite, at least 1×1 px and (with a known @p frameSize) overlaps the frame;
  /// otherwise Error "ParaLoupe RoI N: …" naming the first bad one (1-based).
  static std::vector<BoundingBox> checkedRois(const std::vector<BoundingBox>& rois, cv::Size frameSize);
  /// "ParaLoupe RoIs: 2 (10,20,100,200; 300,100,50,50)" or "ParaLoupe RoIs: none".
  static std::string roiText(const std::vector<BoundingBox>& rois);
  /// "What if NODE were lost: predicted 31.2 ms (budget 35.0), feasible, 2 of 9 patches shed".
  static std::string whatIfText(const std::string& node, const ScheduleResult& result, const SchedulingProblem& problem);
  /// @p value with @p decimals fixed decimals.
  static std::string fixed(double value, int decimals);
};

}  // namespace edgescope
