#pragma once
/// @file FramePacer.h
/// Paces offline sources to their frame rate times a speed factor (units: milliseconds). Engine thread only.

namespace edgescope {

class FramePacer {
 public:
  /// Forget the timing anchor (after seek, pause, speed or source change).
  void reset() { anchored_ = false; }
  /// How long to wait before showing a frame with media time @p mediaTimeMs at wall time @p nowMs, at @p speed.
  /// Re-anchors when playback fell more than @p maxLagMs behind, so a stall does not cause a burst.
  double delayMs(double mediaTimeMs, double nowMs, double speed, double maxLagMs = 250.0);

 private:
  bool anchored_ = false;
  double anchorWallMs_ = 0.0;
  double anchorMediaMs_ = 0.0;
};

}  // namespace edgescope
