#include "turbo/TurboScoreboard.h"

#include <algorithm>

#include "eval/BoxIou.h"

namespace edgescope {

std::vector<bool> TurboScoreboard::matchedGt(const std::vector<MotRow>& gt, std::vector<Detection> detections,
                                             double floorScore) {
  std::vector<bool> matched(gt.size(), false);
  std::stable_sort(detections.begin(), detections.end(),
                   [](const Detection& a, const Detection& b) { return a.score > b.score; });
  for (const Detection& d : detections) {
    if (d.score < floorScore) continue;
    int best = -1;
    double bestIou = 0.5;
    for (std::size_t g = 0; g < gt.size(); ++g) {
      if (matched[g] || gt[g].isIgnore()) continue;
      const double iou = BoxIou::compute(gt[g].box, d.box);
      if (iou >= bestIou) best = static_cast<int>(g), bestIou = iou;
    }
    if (best >= 0) matched[static_cast<std::size_t>(best)] = true;
  }
  return matched;
}

void TurboScoreboard::addFrame(std::int64_t frame, const std::vector<MotRow>& gt,
                               const std::vector<Detection>& delivered, const std::vector<Detection>* plain, bool hard,
                               double floorScore) {
  if (gt.empty() || !plain) return;
  ++frames_;
  plain_.addFrame(frame, gt, *plain, hard);
  turbo_.addFrame(frame, gt, delivered, hard);
  if (plain == &delivered) return;
  const std::vector<bool> before = matchedGt(gt, *plain, floorScore);
  const std::vector<bool> after = matchedGt(gt, delivered, floorScore);
  for (std::size_t g = 0; g < before.size(); ++g) {
    recovered_ += after[g] && !before[g] ? 1 : 0;
    lost_ += before[g] && !after[g] ? 1 : 0;
  }
}

}  // namespace edgescope
