#include "ams/PhiScore.h"

#include <cmath>
#include <string>

#include "eval/AssignmentSolver.h"
#include "util/Error.h"

namespace edgescope {

namespace {

void checkOptions(double iouThreshold, float minScore) {
  if (!(iouThreshold > 0.0 && iouThreshold <= 1.0)) {
    throw Error("PhiScore: iouThreshold must be in (0, 1], got " + std::to_string(iouThreshold));
  }
  if (!std::isfinite(minScore)) throw Error("PhiScore: minScore must be finite, got " + std::to_string(minScore));
}

std::vector<Detection> teacherBoxes(const std::vector<Detection>& detections, float minScore) {
  std::vector<Detection> kept;
  kept.reserve(detections.size());
  for (const Detection& d : detections) {
    if (!(d.score >= minScore)) continue;  // NaN never counts
    Detection box;
    box.box = d.box;
    box.score = d.score;
    box.classId = d.classId;
    kept.push_back(box);
  }
  return kept;
}

std::vector<Detection> asDetections(const std::vector<BoundingBox>& boxes) {
  std::vector<Detection> out(boxes.size());
  for (std::size_t i = 0; i < boxes.size(); ++i) out[i].box = boxes[i];
  return out;
}

/// Both lists already filtered; pairs must share a class and reach the threshold.
PhiScore::Match matchFiltered(const std::vector<Detection>& previous, const std::vector<Detection>& current,
                              double iouThreshold) {
  PhiScore::Match result;
  result.previousCount = static_cast<int>(previous.size());
  result.currentCount = static_cast<int>(current.size());
  std::vector<AssignmentSolver::Edge> edges;
  for (std::size_t r = 0; r < previous.size(); ++r) {
    for (std::size_t c = 0; c < current.size(); ++c) {
      if (previous[r].classId != current[c].classId) continue;
      const double iou = previous[r].box.iou(current[c].box);
      if (!(iou >= iouThreshold)) continue;  // NaN never matches
      edges.push_back({static_cast<int>(r), static_cast<int>(c), 1.0 - iou});
    }
  }
  const auto pairs = AssignmentSolver::solve(result.previousCount, result.currentCount, edges,
                                             AssignmentSolver::Objective::MaxCardinalityMinCost);
  result.matched = static_cast<int>(pairs.size());
  return result;
}

}  // namespace

double PhiScore::Match::f1() const {
  const int total = previousCount + currentCount;
  if (total <= 0) return 1.0;  // both empty: nothing changed
  return 2.0 * matched / total;
}

PhiScore::Match PhiScore::match(const std::vector<BoundingBox>& previous, const std::vector<BoundingBox>& current,
                                double iouThreshold) {
  checkOptions(iouThreshold, 0.0f);
  return matchFiltered(asDetections(previous), asDetections(current), iouThreshold);
}

PhiScore::Match PhiScore::match(const std::vector<Detection>& previous, const std::vector<Detection>& current,
                                double iouThreshold, float minScore) {
  checkOptions(iouThreshold, minScore);
  return matchFiltered(teacherBoxes(previous, minScore), teacherBoxes(current, minScore), iouThreshold);
}

PhiScore::PhiScore(double iouThreshold, float minScore) : iouThreshold_(iouThreshold), minScore_(minScore) {
  checkOptions(iouThreshold, minScore);
}

double PhiScore::addSample(const std::vector<Detection>& teacher) {
  return addFiltered(teacherBoxes(teacher, minScore_));
}

double PhiScore::addSample(const std::vector<BoundingBox>& teacher) { return addFiltered(asDetections(teacher)); }

double PhiScore::addFiltered(std::vector<Detection> current) {
  double phi = std::nan("");
  if (hasPrevious_) {
    phi = matchFiltered(previous_, current, iouThreshold_).phi();
    addPhi(phi);
  }
  previous_ = std::move(current);
  hasPrevious_ = true;
  return phi;
}

void PhiScore::addPhi(double phi) {
  if (std::isnan(phi)) return;
  if (!(phi >= 0.0 && phi <= 1.0)) throw Error("PhiScore: phi must be in [0, 1], got " + std::to_string(phi));
  intervalSum_ += phi;
  ++intervalCount_;
}

double PhiScore::intervalMean() const { return intervalCount_ > 0 ? intervalSum_ / intervalCount_ : std::nan(""); }

double PhiScore::takeIntervalMean() {
  const double mean = intervalMean();
  intervalSum_ = 0.0;
  intervalCount_ = 0;
  return mean;
}

void PhiScore::reset() {
  previous_.clear();
  hasPrevious_ = false;
  intervalSum_ = 0.0;
  intervalCount_ = 0;
}

}  // namespace edgescope
