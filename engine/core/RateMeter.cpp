#include "core/RateMeter.h"

namespace edgescope {

void RateMeter::expire(double nowMs) {
  while (!times_.empty() && nowMs - times_.front() > windowMs_) times_.pop_front();
}

void RateMeter::tick(double nowMs) {
  times_.push_back(nowMs);
  expire(nowMs);
}

double RateMeter::ratePerSecond(double nowMs) {
  expire(nowMs);
  if (times_.size() < 2) return 0.0;
  const double spanMs = times_.back() - times_.front();
  return spanMs > 0 ? 1000.0 * static_cast<double>(times_.size() - 1) / spanMs : 0.0;
}

}  // namespace edgescope
