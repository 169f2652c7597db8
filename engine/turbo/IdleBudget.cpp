#include "turbo/IdleBudget.h"

#include <algorithm>
#include <cmath>

namespace edgescope {

IdleBudget::Result IdleBudget::compute(const Inputs& in) {
  const double deadlineMs = in.thisFrameDueMs + in.latencyBoundMs;
  const double nextMs = std::isfinite(in.nextFrameDueMs) ? in.nextFrameDueMs : deadlineMs;
  Result result;
  result.rawSlackMs = std::min(nextMs, deadlineMs) - in.nowMs - in.predictedTailMs - in.marginMs;
  if (!(result.rawSlackMs >= 0.0)) {  // negative (or NaN inputs): nothing to spend
    result.behind = result.rawSlackMs < 0.0;
    return result;
  }
  const double share = std::isnan(in.idleShare) ? 1.0 : std::clamp(in.idleShare, 0.0, 1.0);
  result.slackMs = result.rawSlackMs * share;
  return result;
}

}  // namespace edgescope
