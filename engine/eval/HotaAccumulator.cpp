#include "eval/HotaAccumulator.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "eval/AssignmentSolver.h"

namespace edgescope {
namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();
constexpr int kAlphas = HotaResult::kAlphaCount;

struct AlphaTotals {
  std::array<double, kAlphas> tp{}, fn{}, fp{}, locSum{};
};

}  // namespace

void HotaAccumulator::addFrame(const EvalFrame& frame) {
  for (int id : frame.gtIds) {
    if (id >= static_cast<int>(gtIdFrames_.size())) gtIdFrames_.resize(static_cast<std::size_t>(id) + 1, 0);
    ++gtIdFrames_[static_cast<std::size_t>(id)];
  }
  for (int id : frame.hypIds) {
    if (id >= static_cast<int>(hypIdFrames_.size())) hypIdFrames_.resize(static_cast<std::size_t>(id) + 1, 0);
    ++hypIdFrames_[static_cast<std::size_t>(id)];
  }
  std::vector<double> gtSum(frame.gtIds.size(), 0.0), hypSum(frame.hypIds.size(), 0.0);
  for (const auto& overlap : frame.overlaps) {
    gtSum[overlap.gt] += overlap.iou;
    hypSum[overlap.hyp] += overlap.iou;
  }
  for (const auto& overlap : frame.overlaps) {
    const double denominator = gtSum[overlap.gt] + hypSum[overlap.hyp] - overlap.iou;
    if (denominator > kEps) {
      potentialMatches_[pairKey(frame.gtIds[overlap.gt], frame.hypIds[overlap.hyp])] += overlap.iou / denominator;
    }
  }
  gtDetections_ += static_cast<std::int64_t>(frame.gtIds.size());
  hypDetections_ += static_cast<std::int64_t>(frame.hypIds.size());
  frames_.push_back(frame);
}

HotaResult HotaAccumulator::compute() const {
  HotaResult result;
  if (gtDetections_ == 0 || hypDetections_ == 0) return result;  // TrackEval: everything 0, LocA 1
  AlphaTotals totals;
  std::unordered_map<std::uint64_t, std::array<std::int64_t, kAlphas>> matchCounts;
  for (const auto& frame : frames_) {
    const auto gtCount = static_cast<double>(frame.gtIds.size());
    const auto hypCount = static_cast<double>(frame.hypIds.size());
    std::vector<AssignmentSolver::Edge> edges;
    for (const auto& overlap : frame.overlaps) {
      const int gt = frame.gtIds[overlap.gt], hyp = frame.hypIds[overlap.hyp];
      const auto it = potentialMatches_.find(pairKey(gt, hyp));
      const double potential = it == potentialMatches_.end() ? 0.0 : it->second;
      const double alignment = potential / (countOf(gtIdFrames_, gt) + countOf(hypIdFrames_, hyp) - potential);
      edges.push_back({overlap.gt, overlap.hyp, -alignment * overlap.iou});
    }
    const auto pairs =
        AssignmentSolver::solve(static_cast<int>(frame.gtIds.size()), static_cast<int>(frame.hypIds.size()), edges,
                                AssignmentSolver::Objective::MinCost);
    std::array<double, kAlphas> matched{};
    for (const auto& pair : pairs) {
      const double iou = frame.overlaps[static_cast<std::size_t>(pair.edge)].iou;
      if (iou < alpha(0) - kEps) continue;
      auto& counts = matchCounts[pairKey(frame.gtIds[pair.row], frame.hypIds[pair.col])];
      for (int a = 0; a < kAlphas && iou >= alpha(a) - kEps; ++a) {
        matched[a] += 1.0;
        totals.locSum[a] += iou;
        ++counts[a];
      }
    }
    for (int a = 0; a < kAlphas; ++a) {
      totals.tp[a] += matched[a];
      totals.fn[a] += gtCount - matched[a];
      totals.fp[a] += hypCount - matched[a];
    }
  }
  std::array<double, kAlphas> assA{}, assRe{}, assPr{};
  for (const auto& entry : matchCounts) {
    const int gt = static_cast<int>(entry.first >> 32), hyp = static_cast<int>(entry.first & 0xffffffffu);
    const double gtFrames = static_cast<double>(countOf(gtIdFrames_, gt));
    const double hypFrames = static_cast<double>(countOf(hypIdFrames_, hyp));
    for (int a = 0; a < kAlphas; ++a) {
      const double tpa = static_cast<double>(entry.second[a]);
      assA[a] += tpa * tpa / std::max(1.0, gtFrames + hypFrames - tpa);
      assRe[a] += tpa * tpa / std::max(1.0, gtFrames);
      assPr[a] += tpa * tpa / std::max(1.0, hypFrames);
    }
  }
  result.locA = 0.0;
  for (int a = 0; a < kAlphas; ++a) {
    const double tp = totals.tp[a];
    const double detA = tp / std::max(1.0, tp + totals.fn[a] + totals.fp[a]);
    const double assAlpha = assA[a] / std::max(1.0, tp);
    result.hotaByAlpha[a] = std::sqrt(detA * assAlpha);
    result.hota += result.hotaByAlpha[a] / kAlphas;
    result.detA += detA / kAlphas;
    result.assA += assAlpha / kAlphas;
    result.detRe += tp / std::max(1.0, tp + totals.fn[a]) / kAlphas;
    result.detPr += tp / std::max(1.0, tp + totals.fp[a]) / kAlphas;
    result.assRe += assRe[a] / std::max(1.0, tp) / kAlphas;
    result.assPr += assPr[a] / std::max(1.0, tp) / kAlphas;
    result.locA += std::max(1e-10, totals.locSum[a]) / std::max(1e-10, tp) / kAlphas;
  }
  return result;
}

}  // namespace edgescope
