#include "paraloupe/OperatorAnswers.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "util/Error.h"

namespace edgescope {

std::vector<BoundingBox> OperatorAnswers::checkedRois(const std::vector<BoundingBox>& rois, cv::Size frameSize) {
  for (std::size_t i = 0; i < rois.size(); ++i) {
    const BoundingBox& r = rois[i];
    const std::string name = "ParaLoupe RoI " + std::to_string(i + 1);
    if (!std::isfinite(r.x) || !std::isfinite(r.y) || !std::isfinite(r.width) || !std::isfinite(r.height) ||
        r.width < 1.0f || r.height < 1.0f) {
      throw Error(name + ": x, y, w, h must be finite with w, h ≥ 1 px");
    }
    if (!frameSize.empty() && (r.x + r.width <= 0.0f || r.y + r.height <= 0.0f || r.x >= frameSize.width ||
                               r.y >= frameSize.height)) {
      throw Error(name + " lies outside the " + std::to_string(frameSize.width) + "x" +
                  std::to_string(frameSize.height) + " frame");
    }
  }
  return rois;
}

std::string OperatorAnswers::roiText(const std::vector<BoundingBox>& rois) {
  if (rois.empty()) return "ParaLoupe RoIs: none";
  std::string listed;
  for (const BoundingBox& r : rois) {
    listed += (listed.empty() ? "" : "; ") + fixed(r.x, 0) + "," + fixed(r.y, 0) + "," + fixed(r.width, 0) + "," +
              fixed(r.height, 0);
  }
  return "ParaLoupe RoIs: " + std::to_string(rois.size()) + " (" + listed + ")";
}

std::string OperatorAnswers::whatIfText(const std::string& node, const ScheduleResult& result,
                                        const SchedulingProblem& problem) {
  const double predictedMs =
      result.deviceMs.empty() ? 0.0 : *std::max_element(result.deviceMs.begin(), result.deviceMs.end());
  return "What if " + node + " were lost: predicted " + fixed(predictedMs, 1) + " ms (budget " +
         fixed(problem.budgetMs, 1) + "), " + (result.feasible ? "feasible, " : "infeasible, ") +
         std::to_string(result.shed) + " of " + std::to_string(problem.patches.size()) + " patches shed";
}

std::string OperatorAnswers::fixed(double value, int decimals) {
  char text[48];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

}  // namespace edgescope
