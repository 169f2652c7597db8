#include "paraloupe/PatchAggregator.h"

#include <algorithm>
#include <cmath>

#include "paraloupe/PatchCropper.h"

namespace edgescope {

int PatchAggregator::centrePeak(const std::vector<PatchPeak>& peaks, cv::Size inputSize) {
  int best = -1;
  float bestDistance = 0.0f;
  for (std::size_t i = 0; i < peaks.size(); ++i) {
    const float dx = peaks[i].box.centerX() - inputSize.width * 0.5f;
    const float dy = peaks[i].box.centerY() - inputSize.height * 0.5f;
    const float d = dx * dx + dy * dy;
    if (best < 0 || d < bestDistance) best = static_cast<int>(i), bestDistance = d;
  }
  return best;
}

std::vector<Detection> PatchAggregator::aggregate(const std::vector<PatchOutcome>& outcomes,
                                                  cv::Size frameSize) const {
  struct Candidate {
    Detection detection;
    bool preferred = false;
  };
  std::vector<Candidate> candidates;
  const float tol = options_.edgeTolerancePx;
  for (const PatchOutcome& outcome : outcomes) {
    const Patch& patch = outcome.patch;
    const cv::Size in = outcome.inputSize;
    if (in.width <= 0 || in.height <= 0) continue;
    const int centre = centrePeak(outcome.peaks, in);
    // Crop edges that are frame edges (or beyond): a box touching them is not cut by the patch.
    const bool leftOpen = patch.rect.x <= 0.0f, topOpen = patch.rect.y <= 0.0f;
    const bool rightOpen = patch.rect.right() >= frameSize.width, bottomOpen = patch.rect.bottom() >= frameSize.height;
    for (std::size_t i = 0; i < outcome.peaks.size(); ++i) {
      const PatchPeak& peak = outcome.peaks[i];
      if (!(peak.objectness >= options_.objectness) || !std::isfinite(peak.box.x) || !std::isfinite(peak.box.y) ||
          !std::isfinite(peak.box.width) || !std::isfinite(peak.box.height)) {
        continue;
      }
      const bool truncated = (!leftOpen && peak.box.x <= tol) || (!topOpen && peak.box.y <= tol) ||
                             (!rightOpen && peak.box.right() >= in.width - tol) ||
                             (!bottomOpen && peak.box.bottom() >= in.height - tol);
      Candidate c;
      BoundingBox box = PatchCropper::toFrame(peak.box, patch.rect, in);
      const float x0 = std::max(box.x, 0.0f), y0 = std::max(box.y, 0.0f);
      const float x1 = std::min(box.right(), float(frameSize.width));
      const float y1 = std::min(box.bottom(), float(frameSize.height));
      if (x1 - x0 < 1.0f || y1 - y0 < 1.0f) continue;
      c.detection.box = {x0, y0, x1 - x0, y1 - y0};
      c.detection.score = peak.objectness * (truncated ? options_.truncatedFactor : 1.0f);
      c.detection.embedding = peak.embedding;
      c.preferred = patch.kind == PatchKind::High && static_cast<int>(i) == centre;
      candidates.push_back(std::move(c));
    }
  }
  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    if (a.preferred != b.preferred) return a.preferred;
    return a.detection.score > b.detection.score;
  });
  std::vector<Detection> kept;
  for (Candidate& c : candidates) {
    const bool suppressed = std::any_of(kept.begin(), kept.end(), [&](const Detection& k) {
      return c.detection.box.iou(k.box) > options_.mergeIou;
    });
    if (!suppressed) kept.push_back(std::move(c.detection));
  }
  return kept;
}

}  // namespace edgescope
