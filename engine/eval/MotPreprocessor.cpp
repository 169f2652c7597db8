#include "eval/MotPreprocessor.h"

#include <limits>

#include "eval/AssignmentSolver.h"

namespace edgescope {
namespace {

constexpr double kMatchIou = 0.5;
constexpr double kEps = std::numeric_limits<double>::epsilon();

}  // namespace

bool MotPreprocessor::isDontCare(const MotRow& row) const {
  if (row.classId == -1) return options_.dropHypMatchedToMot15Ignore && row.isIgnore();
  switch (row.classId) {
    case 2:   // person_on_vehicle
    case 7:   // static_person
    case 8:   // distractor
    case 12:  // reflection
      return true;
    case 6:  // non_mot_vehicle (MOT20 only)
      return options_.mot20Distractors;
    default:
      return false;
  }
}

bool MotPreprocessor::isScored(const MotRow& row) {
  if (row.isIgnore()) return false;
  return row.classId == -1 || row.classId == 1;
}

MotPreprocessor::Kept MotPreprocessor::apply(const std::vector<MotRow>& gt, const std::vector<MotRow>& hyp,
                                             const std::vector<EvalFrame::Overlap>& overlaps) const {
  Kept kept;
  std::vector<char> dropHyp(hyp.size(), 0);
  bool anyDontCare = false;
  for (const auto& row : gt) anyDontCare = anyDontCare || isDontCare(row);
  if (anyDontCare && !hyp.empty()) {
    std::vector<AssignmentSolver::Edge> edges;
    for (const auto& overlap : overlaps) {
      if (overlap.iou >= kMatchIou - kEps) edges.push_back({overlap.gt, overlap.hyp, -overlap.iou});
    }
    const auto pairs = AssignmentSolver::solve(static_cast<int>(gt.size()), static_cast<int>(hyp.size()), edges,
                                               AssignmentSolver::Objective::MinCost);
    for (const auto& pair : pairs) {
      if (isDontCare(gt[pair.row])) dropHyp[pair.col] = 1;
    }
  }
  for (std::size_t i = 0; i < gt.size(); ++i) {
    if (isScored(gt[i])) kept.gt.push_back(static_cast<int>(i));
  }
  for (std::size_t j = 0; j < hyp.size(); ++j) {
    if (!dropHyp[j]) kept.hyp.push_back(static_cast<int>(j));
  }
  return kept;
}

}  // namespace edgescope
