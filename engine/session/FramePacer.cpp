#include "session/FramePacer.h"

#include <algorithm>
#include <limits>

namespace edgescope {

double FramePacer::delayMs(double mediaTimeMs, double nowMs, double speed, double maxLagMs) {
  speed = std::max(0.01, speed);
  if (!anchored_ || mediaTimeMs < anchorMediaMs_) {
    anchored_ = true;
    anchorWallMs_ = nowMs;
    anchorMediaMs_ = mediaTimeMs;
    return 0.0;
  }
  const double dueMs = anchorWallMs_ + (mediaTimeMs - anchorMediaMs_) / speed;
  if (nowMs - dueMs > maxLagMs) {
    anchorWallMs_ = nowMs;
    anchorMediaMs_ = mediaTimeMs;
    return 0.0;
  }
  return std::max(0.0, dueMs - nowMs);
}

double FramePacer::dueMs(double mediaTimeMs, double speed) const {
  if (!anchored_) return std::numeric_limits<double>::quiet_NaN();
  return anchorWallMs_ + (mediaTimeMs - anchorMediaMs_) / std::max(0.01, speed);
}

}  // namespace edgescope
