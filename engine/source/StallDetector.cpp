#include "source/StallDetector.h"

#include <algorithm>

namespace edgescope {

StallDetector::StallDetector(double minTimeoutMs, double nominalFps)
    : timeoutMs_(std::max(minTimeoutMs, nominalFps > 0 ? 10.0 * 1000.0 / nominalFps : 0.0)) {}

void StallDetector::onFrame(double nowMs) { lastEventMs_ = nowMs; }
void StallDetector::onConnected(double nowMs) { lastEventMs_ = nowMs; }
bool StallDetector::stalled(double nowMs) const { return nowMs - lastEventMs_ > timeoutMs_; }

}  // namespace edgescope
