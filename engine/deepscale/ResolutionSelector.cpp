#include "deepscale/ResolutionSelector.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "util/Error.h"

namespace edgescope {

namespace {

/// Clamps to [0, 1] and binarises when @p threshold > 0. @p value must be finite.
double normalise(float value, double threshold) {
  const double v = std::min(1.0, std::max(0.0, static_cast<double>(value)));
  if (threshold > 0) return v >= threshold ? 1.0 : 0.0;
  return v;
}

}  // namespace

ResolutionSelector::ResolutionSelector(std::vector<double> gammas) { setGammas(std::move(gammas)); }

void ResolutionSelector::setGammas(std::vector<double> gammas) {
  for (size_t i = 0; i < gammas.size(); ++i) {
    if (std::isnan(gammas[i])) throw Error("ResolutionSelector: gamma" + std::to_string(i + 1) + " is NaN");
  }
  gammas_ = std::move(gammas);
}

void ResolutionSelector::setBinarizeThreshold(double threshold) {
  if (!(threshold >= 0.0 && threshold <= 1.0)) {
    throw Error("ResolutionSelector: binarize threshold " + std::to_string(threshold) + " outside [0, 1]");
  }
  binarizeThreshold_ = threshold;
}

void ResolutionSelector::checkInput(const std::vector<cv::Mat>& heatmaps) const {
  const size_t expected = gammas_.size() + 1;
  if (heatmaps.size() != expected) {
    throw Error("ResolutionSelector: expected " + std::to_string(expected) + " heatmaps (one per rung), got " +
                std::to_string(heatmaps.size()));
  }
  for (size_t r = 0; r < heatmaps.size(); ++r) {
    const cv::Mat& m = heatmaps[r];
    const std::string which = "ResolutionSelector: heatmap " + std::to_string(r);
    if (m.empty() || m.dims != 2) throw Error(which + " is empty or not 2-D");
    if (m.type() != CV_32FC1) throw Error(which + " has type " + std::to_string(m.type()) + ", expected CV_32FC1");
    if (m.size() != heatmaps[0].size()) {
      throw Error(which + " is " + std::to_string(m.cols) + "x" + std::to_string(m.rows) + ", heatmap 0 is " +
                  std::to_string(heatmaps[0].cols) + "x" + std::to_string(heatmaps[0].rows));
    }
  }
}

ResolutionSelection ResolutionSelector::score(const std::vector<cv::Mat>& heatmaps) const {
  const size_t count = heatmaps.size();
  std::vector<double> overlap(count, 0.0);
  double massMax = 0.0;
  int nonFinite = 0;
  std::vector<const float*> rows(count);
  const cv::Mat& yMax = heatmaps[0];
  for (int y = 0; y < yMax.rows; ++y) {
    for (size_t r = 0; r < count; ++r) rows[r] = heatmaps[r].ptr<float>(y);
    for (int x = 0; x < yMax.cols; ++x) {
      double m = 1.0;  // a non-finite Ŷmax value counts as "object here"
      if (std::isfinite(rows[0][x])) {
        m = normalise(rows[0][x], binarizeThreshold_);
      } else {
        ++nonFinite;
      }
      massMax += m;
      for (size_t r = 1; r < count; ++r) {
        const float v = rows[r][x];
        if (!std::isfinite(v)) {
          ++nonFinite;  // counts as "missed": adds nothing
          continue;
        }
        overlap[r] += normalise(v, binarizeThreshold_) * m;
      }
    }
  }
  ResolutionSelection s;
  s.nonFinitePixels = nonFinite;
  s.emptyScene = massMax <= 0.0;
  s.scores.assign(count, 1.0);
  if (!s.emptyScene) {
    for (size_t r = 1; r < count; ++r) s.scores[r] = std::min(1.0, overlap[r] / massMax);
  }
  return s;
}

const ResolutionSelection& ResolutionSelector::select(const std::vector<cv::Mat>& heatmaps) {
  checkInput(heatmaps);
  ResolutionSelection s = score(heatmaps);
  s.rungIndex = pick(s.scores);
  last_ = std::move(s);
  hasSelection_ = true;
  return last_;
}

int ResolutionSelector::pick(const std::vector<double>& scores) const {
  if (scores.size() != gammas_.size() + 1) {
    throw Error("ResolutionSelector: expected " + std::to_string(gammas_.size() + 1) + " scores, got " +
                std::to_string(scores.size()));
  }
  for (size_t r = scores.size() - 1; r >= 1; --r) {
    if (scores[r] >= gammas_[r - 1] - kScoreTolerance) return static_cast<int>(r);
  }
  return 0;
}

void ResolutionSelector::repick() {
  if (hasSelection_ && last_.scores.size() == gammas_.size() + 1) last_.rungIndex = pick(last_.scores);
}

void ResolutionSelector::clear() {
  last_ = ResolutionSelection{};
  hasSelection_ = false;
}

}  // namespace edgescope
