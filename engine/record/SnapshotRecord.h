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

class SnapshotRecord {
 public:
  /// @p latency: every stage including decode (ms); @p timeS: seconds since recording started. Without an active
  /// DeepScale detector the input size is 0×0 and the rung -1.
  static RecordedFrame make(std::int64_t frame, double timeS, const LatencyBreakdown& latency,
                            const DeepScaleFrame& deepscale, int detections, int tracks);
  /// The snapshot's frame number, latency stages (decode first), DeepScale input size, detection/track counts and
  /// the module fields of the frame (ParaLoupe's pl_* when it ran ParaLoupe).
  static RecordedFrame fromSnapshot(const FrameSnapshot& snapshot, double timeS);
};

}  // namespace edgescope
