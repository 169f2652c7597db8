#include "session/FrameTiming.h"

#include <algorithm>
#include <cmath>

#include "session/FramePacer.h"

namespace edgescope {

FrameTiming FrameTiming::paced(const FramePacer& pacer, double mediaTimeMs, double fps, double speed, double nowMs) {
  if (!(fps > 0.0)) return unpaced(nowMs);
  speed = std::max(0.01, speed);
  const double frameMs = 1000.0 / fps;
  FrameTiming timing;
  timing.dueMs = pacer.dueMs(mediaTimeMs, speed);
  timing.nextDueMs = pacer.dueMs(mediaTimeMs + frameMs, speed);
  timing.intervalMs = frameMs / speed;
  if (!std::isfinite(timing.dueMs)) {
    timing.dueMs = nowMs;
    timing.nextDueMs = nowMs + timing.intervalMs;
  }
  return timing;
}

FrameTiming FrameTiming::live(double arrivalMs, double fps) {
  FrameTiming timing;
  timing.dueMs = arrivalMs;
  if (fps > 0.0) {
    timing.intervalMs = 1000.0 / fps;
    timing.nextDueMs = arrivalMs + timing.intervalMs;
  }
  return timing;
}

FrameTiming FrameTiming::unpaced(double nowMs) {
  FrameTiming timing;
  timing.dueMs = nowMs;
  return timing;
}

}  // namespace edgescope
