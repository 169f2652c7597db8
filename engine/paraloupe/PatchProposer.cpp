#include "paraloupe/PatchProposer.h"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

namespace edgescope {

namespace {

BoundingBox enlarge(const BoundingBox& box, double margin) {
  const float w = box.width * static_cast<float>(1.0 + margin);
  const float h = box.height * static_cast<float>(1.0 + margin);
  return {box.centerX() - w * 0.5f, box.centerY() - h * 0.5f, w, h};
}

}  // namespace

BoundingBox PatchProposer::highConfRect(const BoundingBox& box) const {
  return Patch::widenToAspect(enlarge(box, options_.highConfMargin));
}

std::vector<Patch> PatchProposer::propose(cv::Size frameSize, const std::vector<PredictedTrack>& tracks,
                                          const std::vector<BoundingBox>& rois, const cv::Mat& objectness,
                                          float personHeightPx) const {
  std::vector<Patch> patches;
  const cv::Rect frame(0, 0, frameSize.width, frameSize.height);
  for (const PredictedTrack& track : tracks) {
    if (track.framesSinceUpdate > options_.lostFrames || track.box.area() <= 0.0f) continue;
    Patch patch;
    patch.kind = PatchKind::High;
    patch.rect = highConfRect(track.box);
    patch.objectness = track.score;
    patch.trackId = track.trackId;
    const cv::Rect2f r(patch.rect.x, patch.rect.y, patch.rect.width, patch.rect.height);
    if ((r & cv::Rect2f(frame)).area() <= 0.0f) continue;  // predicted out of the frame
    patches.push_back(patch);
  }
  for (const BoundingBox& roi : rois) {
    if (roi.area() <= 0.0f) continue;
    Patch patch;
    patch.kind = PatchKind::Roi;
    patch.rect = Patch::widenToAspect(roi);
    patch.objectness = 1.0f;
    patches.push_back(patch);
  }
  if (objectness.empty()) return patches;

  cv::Mat mask = objectness >= options_.lowConfThreshold;  // 255 where p passes
  const int cell = options_.cellPx;
  for (const Patch& patch : patches) {  // LowConf only outside HighConf patches
    if (patch.kind != PatchKind::High) continue;
    const int c0 = std::max(0, static_cast<int>(std::floor(patch.rect.x / cell)));
    const int r0 = std::max(0, static_cast<int>(std::floor(patch.rect.y / cell)));
    const int c1 = std::min(mask.cols, static_cast<int>(std::ceil(patch.rect.right() / cell)));
    const int r1 = std::min(mask.rows, static_cast<int>(std::ceil(patch.rect.bottom() / cell)));
    if (c1 > c0 && r1 > r0) mask(cv::Rect(c0, r0, c1 - c0, r1 - r0)).setTo(0);
  }
  cv::Mat labels, stats, centroids;
  const int count = cv::connectedComponentsWithStats(mask, labels, stats, centroids, 8, CV_32S);
  std::vector<double> sums(count, 0.0);
  for (int r = 0; r < labels.rows; ++r) {
    const int* l = labels.ptr<int>(r);
    const float* p = objectness.ptr<float>(r);
    for (int c = 0; c < labels.cols; ++c) {
      if (l[c] > 0) sums[l[c]] += p[c];
    }
  }
  for (int label = 1; label < count; ++label) {
    const int* s = stats.ptr<int>(label);
    BoundingBox box{float(s[cv::CC_STAT_LEFT] * cell), float(s[cv::CC_STAT_TOP] * cell),
                    float(s[cv::CC_STAT_WIDTH] * cell), float(s[cv::CC_STAT_HEIGHT] * cell)};
    box.width = std::min(box.width, frameSize.width - box.x);  // the last cells may be partial
    box.height = std::min(box.height, frameSize.height - box.y);
    box = enlarge(box, options_.highConfMargin);
    const float minHeight = 0.5f * personHeightPx;
    if (box.height < minHeight && box.width < minHeight * Patch::kAspect) {
      box = {box.centerX() - minHeight * Patch::kAspect * 0.5f, box.centerY() - minHeight * 0.5f,
             minHeight * Patch::kAspect, minHeight};
    }
    Patch patch;
    patch.kind = PatchKind::Low;
    patch.rect = Patch::widenToAspect(box);
    patch.objectness = static_cast<float>(sums[label] / s[cv::CC_STAT_AREA]);
    patches.push_back(patch);
  }
  return patches;
}

}  // namespace edgescope
