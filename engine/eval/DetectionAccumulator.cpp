#include "eval/DetectionAccumulator.h"

#include <algorithm>
#include <limits>
#include <numeric>

#include "eval/BoxIou.h"

namespace edgescope {
namespace {

constexpr double kMatchIou = 0.5;
constexpr double kEps = std::numeric_limits<double>::epsilon();  // as MotPreprocessor: IoU 0.5 in floats counts

int scoredCount(const std::vector<MotRow>& gt) {
  return static_cast<int>(std::count_if(gt.begin(), gt.end(), MotPreprocessor::isScored));
}

std::vector<Detection> toDetections(const std::vector<MotRow>& hypotheses) {
  std::vector<Detection> detections(hypotheses.size());
  for (std::size_t i = 0; i < hypotheses.size(); ++i) {
    detections[i].box = hypotheses[i].box;
    detections[i].score = hypotheses[i].confidence;
  }
  return detections;
}

}  // namespace

std::vector<DetectionAccumulator::Scored> DetectionAccumulator::match(const MotPreprocessor& preprocessor,
                                                                       const std::vector<MotRow>& gt,
                                                                       const std::vector<Detection>& detections,
                                                                       int* ignored) {
  std::vector<std::size_t> order(detections.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return detections[a].score > detections[b].score; });
  std::vector<char> taken(gt.size(), 0);
  std::vector<Scored> scored;
  scored.reserve(detections.size());
  int dropped = 0;
  for (const std::size_t d : order) {
    const BoundingBox& box = detections[d].box;
    int best = -1;
    double bestIou = kMatchIou - kEps;
    bool dontCare = false;
    for (std::size_t g = 0; g < gt.size(); ++g) {
      const bool isScored = MotPreprocessor::isScored(gt[g]);
      if (!isScored && !preprocessor.isDontCare(gt[g])) continue;
      if (isScored && taken[g]) continue;
      const double iou = BoxIou::compute(gt[g].box, box);
      if (iou < kMatchIou - kEps) continue;
      if (!isScored) {
        dontCare = true;
      } else if (iou > bestIou || best < 0) {
        best = static_cast<int>(g);
        bestIou = iou;
      }
    }
    if (best >= 0) {
      taken[static_cast<std::size_t>(best)] = 1;
      scored.push_back({detections[d].score, true, false});
    } else if (dontCare) {
      ++dropped;
    } else {
      scored.push_back({detections[d].score, false, false});
    }
  }
  if (ignored) *ignored = dropped;
  return scored;
}

double DetectionAccumulator::averagePrecision(std::vector<Scored> scored, std::int64_t gtCount) {
  if (gtCount <= 0) return 0.0;
  std::stable_sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) { return a.score > b.score; });
  // Precision at each rank, then its envelope from the right (the highest precision at this recall or beyond);
  // recall grows by 1/gtCount at each true positive, so AP sums the envelope there.
  std::vector<double> precision(scored.size());
  std::int64_t truePositives = 0;
  for (std::size_t i = 0; i < scored.size(); ++i) {
    truePositives += scored[i].truePositive ? 1 : 0;
    precision[i] = static_cast<double>(truePositives) / static_cast<double>(i + 1);
  }
  double envelope = 0.0;
  double sum = 0.0;
  for (std::size_t i = scored.size(); i-- > 0;) {
    envelope = std::max(envelope, precision[i]);
    if (scored[i].truePositive) sum += envelope;
  }
  return sum / static_cast<double>(gtCount);
}

void DetectionAccumulator::addFrame(std::int64_t frame, const std::vector<MotRow>& gt,
                                    const std::vector<Detection>& detections, bool hard) {
  FrameSummary summary;
  summary.frame = frame;
  summary.hard = hard;
  summary.gt = scoredCount(gt);
  std::vector<Scored> scored = match(preprocessor_, gt, detections, &summary.ignored);
  for (auto& s : scored) {
    s.hard = hard;
    (s.truePositive ? summary.truePositives : summary.falsePositives) += 1;
  }
  summary.ap50 = summary.gt == 0 && scored.empty() ? 1.0 : averagePrecision(scored, summary.gt);
  scored_.insert(scored_.end(), scored.begin(), scored.end());
  (hard ? hardGt_ : cleanGt_) += summary.gt;
  hardFrames_ += hard ? 1 : 0;
  frames_.push_back(summary);
}

void DetectionAccumulator::addFrame(std::int64_t frame, const std::vector<MotRow>& gt,
                                    const std::vector<MotRow>& hypotheses, bool hard) {
  addFrame(frame, gt, toDetections(hypotheses), hard);
}

void DetectionAccumulator::merge(const DetectionAccumulator& other) {
  scored_.insert(scored_.end(), other.scored_.begin(), other.scored_.end());
  frames_.insert(frames_.end(), other.frames_.begin(), other.frames_.end());
  hardGt_ += other.hardGt_;
  cleanGt_ += other.cleanGt_;
  hardFrames_ += other.hardFrames_;
}

double DetectionAccumulator::pooled(bool all, bool hard) const {
  if (all) return averagePrecision(scored_, gtCount());
  std::vector<Scored> subset;
  for (const auto& s : scored_) {
    if (s.hard == hard) subset.push_back(s);
  }
  return averagePrecision(std::move(subset), hard ? hardGt_ : cleanGt_);
}

double DetectionAccumulator::ap50() const { return pooled(true, false); }
double DetectionAccumulator::ap50Hard() const { return pooled(false, true); }
double DetectionAccumulator::ap50Clean() const { return pooled(false, false); }

double DetectionAccumulator::frameAp50(const std::vector<MotRow>& gt, const std::vector<Detection>& detections) {
  const std::vector<Scored> scored = match(MotPreprocessor(), gt, detections, nullptr);
  const int positives = scoredCount(gt);
  if (positives == 0 && scored.empty()) return 1.0;
  return averagePrecision(scored, positives);
}

double DetectionAccumulator::frameF1(const std::vector<MotRow>& gt, const std::vector<Detection>& detections,
                                     double minScore) {
  std::vector<Detection> kept;
  for (const auto& d : detections) {
    if (d.score >= minScore) kept.push_back(d);
  }
  const std::vector<Scored> scored = match(MotPreprocessor(), gt, kept, nullptr);
  const int positives = scoredCount(gt);
  const auto truePositives = std::count_if(scored.begin(), scored.end(), [](const Scored& s) { return s.truePositive; });
  const auto falsePositives = static_cast<std::int64_t>(scored.size()) - truePositives;
  const auto falseNegatives = positives - truePositives;
  const auto denominator = 2 * truePositives + falsePositives + falseNegatives;
  if (denominator == 0) return 1.0;
  return 2.0 * static_cast<double>(truePositives) / static_cast<double>(denominator);
}

}  // namespace edgescope
