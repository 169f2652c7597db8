#pragma once
/// @file RateMeter.h
/// Events per second over a sliding window (times in steady-clock milliseconds). Not thread-safe.

#include <deque>

namespace edgescope {

class RateMeter {
 public:
  explicit RateMeter(double windowMs = 1000.0) : windowMs_(windowMs) {}
  void tick(double nowMs);
  /// Events per second in the last window ending at @p nowMs (0 with fewer than two events).
  double ratePerSecond(double nowMs);
  void reset() { times_.clear(); }

 private:
  void expire(double nowMs);
  double windowMs_;
  std::deque<double> times_;
};

}  // namespace edgescope
