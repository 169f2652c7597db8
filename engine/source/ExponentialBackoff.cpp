#include "source/ExponentialBackoff.h"

#include <algorithm>

namespace edgescope {

ExponentialBackoff::ExponentialBackoff(double initialDelayMs, double maxDelayMs, double factor)
    : initialDelayMs_(std::max(1.0, initialDelayMs)),
      maxDelayMs_(std::max(initialDelayMs_, maxDelayMs)),
      factor_(std::max(1.0, factor)),
      currentDelayMs_(initialDelayMs_) {}

double ExponentialBackoff::nextDelayMs() {
  const double delay = currentDelayMs_;
  currentDelayMs_ = std::min(maxDelayMs_, currentDelayMs_ * factor_);
  ++failures_;
  return delay;
}

void ExponentialBackoff::reset() {
  currentDelayMs_ = initialDelayMs_;
  failures_ = 0;
}

}  // namespace edgescope
