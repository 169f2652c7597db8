#include "turbo/TurboSummary.h"

#include <algorithm>

namespace edgescope {

void TurboSummary::add(const TurboFrameStatus& frame, double threshold) {
  if (!frame.active) return;
  const double n = static_cast<double>(++frames);
  if (frame.difficulty >= 0.0 && frame.difficulty >= threshold) ++hardFrames;
  if (frame.exit > 0) ++enhancedFrames;
  ++exitHistogram[static_cast<std::size_t>(std::clamp(frame.exit, 0, kExits - 1))];
  meanBudgetMs += (frame.budgetMs - meanBudgetMs) / n;
  meanSpentMs += (frame.spentMs - meanSpentMs) / n;
  if (frame.fellBack) ++fallbacks;
  if (frame.overran) ++overruns;
  if (frame.behind) ++behind;
  last = frame;
}

void TurboSummary::clearTotals() {
  frames = hardFrames = enhancedFrames = fallbacks = overruns = behind = 0;
  exitHistogram.fill(0);
  meanBudgetMs = meanSpentMs = 0.0;
  scoredFrames = recovered = lost = 0;
  ap50Plain = ap50Turbo = 0.0;
  last = TurboFrameStatus{};
}

}  // namespace edgescope
