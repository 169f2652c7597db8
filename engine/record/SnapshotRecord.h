#pragma once
/// @file SnapshotRecord.h
/// Builds the frames.csv line of one processed frame (RecordedFrame) from what the engine publishes or what the
/// CLI's pipeline returns. Stateless; any thread.

#include <cstdint>

#include "record/SessionData.h"

namespace edgescope {

class LatencyBreakdown;
struct DeepScaleFrame;
struct FrameSnapshot;
struct FrameDegradation;
struct TurboFrameStatus;

class SnapshotRecord {
 public:
  /// @p latency: every stage including decode (ms); @p timeS: seconds since recording started. Without an active
  /// DeepScale detector the input size is 0×0 and the rung -1.
  static RecordedFrame make(std::int64_t frame, double timeS, const LatencyBreakdown& latency,
                            const DeepScaleFrame& deepscale, int detections, int tracks);
  /// The snapshot's frame number, latency stages (decode first), DeepScale input size, detection/track counts and
  /// the module fields of the frame (ParaLoupe's pl_* when it ran ParaLoupe), Turbo's difficulty/exit/budget/spent ms
  /// and the frame's degradation.
  static RecordedFrame fromSnapshot(const FrameSnapshot& snapshot, double timeS);
  /// Sets @p recorded's Turbo fields from @p turbo (left at their defaults unless it was active; difficulty NaN when
  /// none was computed, turbo_ms = the enhancement's time) and its degrade fields from @p degradation.
  static void addTurbo(RecordedFrame& recorded, const TurboFrameStatus& turbo, const FrameDegradation& degradation);
};

}  // namespace edgescope
