#include "eval/ClearMotAccumulator.h"

#include <limits>

#include "eval/AssignmentSolver.h"

namespace edgescope {
namespace {

constexpr double kMatchIou = 0.5;
constexpr double kEps = std::numeric_limits<double>::epsilon();
constexpr double kMostlyTracked = 0.8;
constexpr double kMostlyLost = 0.2;

}  // namespace

ClearMotAccumulator::ObjectState& ClearMotAccumulator::object(int id) {
  if (id >= static_cast<int>(objects_.size())) objects_.resize(static_cast<std::size_t>(id) + 1);
  return objects_[static_cast<std::size_t>(id)];
}

void ClearMotAccumulator::recordMatch(int gtId, int hypId, double iou) {
  ObjectState& state = object(gtId);
  if (state.lastHyp >= 0 && state.lastHyp != hypId) ++totals_.idsw;
  if (state.tracked > 0 && state.missedSinceTracked) ++totals_.frag;
  state.lastHyp = hypId;
  state.lastMatchUpdate = updates_;
  state.missedSinceTracked = false;
  ++state.tracked;
  ++totals_.tp;
  totals_.iouSum += iou;
}

void ClearMotAccumulator::addFrame(const EvalFrame& frame) {
  const int gtCount = static_cast<int>(frame.gtIds.size());
  const int hypCount = static_cast<int>(frame.hypIds.size());
  for (int id : frame.gtIds) {
    if (object(id).frames++ == 0) ++totals_.gtIds;
  }
  std::vector<char> gtMatched(gtCount, 0), hypMatched(hypCount, 0);
  std::vector<const EvalFrame::Overlap*> valid;
  for (const auto& overlap : frame.overlaps) {
    if (overlap.iou >= kMatchIou - kEps) valid.push_back(&overlap);
  }
  // 1. Objects matched in the previous update keep their hypothesis while the pair stays valid.
  for (const auto* overlap : valid) {
    const ObjectState& state = object(frame.gtIds[overlap->gt]);
    if (gtMatched[overlap->gt] || hypMatched[overlap->hyp] || state.lastMatchUpdate != updates_ - 1 ||
        state.lastHyp != frame.hypIds[overlap->hyp]) {
      continue;
    }
    gtMatched[overlap->gt] = hypMatched[overlap->hyp] = 1;
    recordMatch(frame.gtIds[overlap->gt], frame.hypIds[overlap->hyp], overlap->iou);
  }
  // 2. The rest: as many matches as possible, then the smallest total distance.
  std::vector<AssignmentSolver::Edge> edges;
  std::vector<double> edgeIou;
  for (const auto* overlap : valid) {
    if (!gtMatched[overlap->gt] && !hypMatched[overlap->hyp]) {
      edges.push_back({overlap->gt, overlap->hyp, 1.0 - overlap->iou});
      edgeIou.push_back(overlap->iou);
    }
  }
  for (const auto& pair :
       AssignmentSolver::solve(gtCount, hypCount, edges, AssignmentSolver::Objective::MaxCardinalityMinCost)) {
    gtMatched[pair.row] = hypMatched[pair.col] = 1;
    recordMatch(frame.gtIds[pair.row], frame.hypIds[pair.col], edgeIou[pair.edge]);
  }
  // 3. Misses and false positives.
  for (int i = 0; i < gtCount; ++i) {
    if (gtMatched[i]) continue;
    ObjectState& state = object(frame.gtIds[i]);
    if (state.tracked > 0) state.missedSinceTracked = true;
    ++totals_.fn;
  }
  for (int j = 0; j < hypCount; ++j) totals_.fp += hypMatched[j] ? 0 : 1;
  totals_.gtDetections += gtCount;
  totals_.hypDetections += hypCount;
  ++updates_;
}

ClearMotCounts ClearMotAccumulator::counts() const {
  ClearMotCounts result = totals_;
  result.mt = result.pt = result.ml = 0;
  for (const auto& state : objects_) {
    if (state.frames == 0) continue;
    const double ratio = static_cast<double>(state.tracked) / static_cast<double>(state.frames);
    if (ratio >= kMostlyTracked) {
      ++result.mt;
    } else if (ratio >= kMostlyLost) {
      ++result.pt;
    } else {
      ++result.ml;
    }
  }
  return result;
}

}  // namespace edgescope
