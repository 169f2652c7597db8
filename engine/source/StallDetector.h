#pragma once
/// @file StallDetector.h
/// Tells a dead source from a slow pipeline. It watches the *producer* side (frames arriving from the camera or
/// stream, whether or not the pipeline took them): a slow pipeline still sees frames arrive (and drops them), a dead
/// source sees none for longer than the stall timeout. Times are steady-clock milliseconds. Not thread-safe.

namespace edgescope {

class StallDetector {
 public:
  /// @p nominalFps: the source's frame rate (0 = unknown); the timeout is max(@p minTimeoutMs, 10 frame intervals).
  StallDetector(double minTimeoutMs, double nominalFps);
  /// A frame arrived from the source at @p nowMs.
  void onFrame(double nowMs);
  /// (Re)connected at @p nowMs: the clock restarts.
  void onConnected(double nowMs);
  /// True when no frame arrived for longer than timeoutMs() since the last frame or connection.
  bool stalled(double nowMs) const;
  double sinceLastFrameMs(double nowMs) const { return nowMs - lastEventMs_; }
  double timeoutMs() const { return timeoutMs_; }

 private:
  double timeoutMs_;
  double lastEventMs_ = 0.0;
};

}  // namespace edgescope
