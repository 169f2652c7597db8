#pragma once
/// @file FrameTiming.h
/// When the engine's current frame was due and when the next one is, on the steady clock (Stopwatch::nowMs): what a
/// module that spends idle time per frame (Turbo's idle budget, paper 004) plans against. Paced files take the
/// FramePacer's schedule, live sources their last arrival plus the frame interval, unpaced runs (and single steps)
/// have no next frame and no interval.

#include <limits>

namespace edgescope {

class FramePacer;

/// Value type; any thread (the engine thread makes it).
struct FrameTiming {
  double dueMs = 0.0;  ///< when this frame was due (its schedule time or arrival), ms
  double nextDueMs = std::numeric_limits<double>::quiet_NaN();  ///< when the next frame is due; NaN = unknown
  double intervalMs = 0.0;  ///< the frame interval at the current pace, ms; 0 = unpaced (no bound known)

  /// A paced file frame with media time @p mediaTimeMs at @p fps × @p speed, after @p pacer's delayMs() for it; due
  /// now (@p nowMs) when the pacer has no anchor. Unpaced when @p fps ≤ 0.
  static FrameTiming paced(const FramePacer& pacer, double mediaTimeMs, double fps, double speed, double nowMs);
  /// A live frame that arrived at @p arrivalMs (SourceFrame capture time, steady clock) from a source delivering
  /// @p fps (nominal or measured; ≤ 0 unknown: no next frame, no interval).
  static FrameTiming live(double arrivalMs, double fps);
  /// A frame processed as fast as possible (or a single step): due @p nowMs, nothing known about the next.
  static FrameTiming unpaced(double nowMs);
};

}  // namespace edgescope
