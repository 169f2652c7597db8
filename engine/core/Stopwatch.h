#pragma once
/// @file Stopwatch.h
/// Steady-clock stopwatch (units: milliseconds). Header-only, usable from any thread.

#include <chrono>

namespace edgescope {

class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  void restart() { start_ = std::chrono::steady_clock::now(); }
  double elapsedMs() const {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_).count();
  }
  /// Milliseconds since an arbitrary fixed epoch of the steady clock.
  static double nowMs() {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

}  // namespace edgescope
