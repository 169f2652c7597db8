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
  /// Wall time (the nowMs clock of delayMs) at which a frame with media time @p mediaTimeMs is due at @p speed under
  /// the current anchor; NaN before the first delayMs() after a reset. With the next frame's media time this is the
  /// next frame's due time (Turbo's idle budget).
  double dueMs(double mediaTimeMs, double speed) const;

 private:
  bool anchored_ = false;
  double anchorWallMs_ = 0.0;
  double anchorMediaMs_ = 0.0;
};

}  // namespace edgescope
