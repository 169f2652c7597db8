#pragma once
/// @file ExponentialBackoff.h
/// Reconnect delays that double after each failure up to a ceiling (units: milliseconds). Not thread-safe.

namespace edgescope {

class ExponentialBackoff {
 public:
  ExponentialBackoff(double initialDelayMs, double maxDelayMs, double factor = 2.0);
  /// Delay to wait before the next attempt; each call multiplies the following one by the factor.
  double nextDelayMs();
  /// Back to the initial delay (after a success).
  void reset();
  int failures() const { return failures_; }

 private:
  double initialDelayMs_;
  double maxDelayMs_;
  double factor_;
  double currentDelayMs_;
  int failures_ = 0;
};

}  // namespace edgescope
