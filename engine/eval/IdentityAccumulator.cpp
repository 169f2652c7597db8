#include "eval/IdentityAccumulator.h"

#include <algorithm>
#include <limits>
#include <vector>

#include "eval/AssignmentSolver.h"

namespace edgescope {
namespace {

constexpr double kMatchIou = 0.5;
constexpr double kEps = std::numeric_limits<double>::epsilon();

}  // namespace

void IdentityAccumulator::addFrame(const EvalFrame& frame) {
  for (const auto& overlap : frame.overlaps) {
    if (overlap.iou < kMatchIou - kEps) continue;
    const auto gt = static_cast<std::uint32_t>(frame.gtIds[overlap.gt]);
    const auto hyp = static_cast<std::uint32_t>(frame.hypIds[overlap.hyp]);
    ++pairCounts_[(static_cast<std::uint64_t>(gt) << 32) | hyp];
  }
  for (int id : frame.gtIds) gtIdLimit_ = std::max(gtIdLimit_, id + 1);
  for (int id : frame.hypIds) hypIdLimit_ = std::max(hypIdLimit_, id + 1);
  gtDetections_ += static_cast<std::int64_t>(frame.gtIds.size());
  hypDetections_ += static_cast<std::int64_t>(frame.hypIds.size());
}

IdentityCounts IdentityAccumulator::compute() const {
  std::vector<AssignmentSolver::Edge> edges;
  edges.reserve(pairCounts_.size());
  for (const auto& entry : pairCounts_) {
    const int gt = static_cast<int>(entry.first >> 32);
    const int hyp = static_cast<int>(entry.first & 0xffffffffu);
    edges.push_back({gt, hyp, -static_cast<double>(entry.second)});
  }
  IdentityCounts counts;
  for (const auto& pair :
       AssignmentSolver::solve(gtIdLimit_, hypIdLimit_, edges, AssignmentSolver::Objective::MinCost)) {
    counts.idtp += static_cast<std::int64_t>(-edges[pair.edge].cost);
  }
  counts.idfn = gtDetections_ - counts.idtp;
  counts.idfp = hypDetections_ - counts.idtp;
  return counts;
}

}  // namespace edgescope
