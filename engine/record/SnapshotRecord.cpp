#include "record/SnapshotRecord.h"

#include "core/LatencyBreakdown.h"
#include "deepscale/DeepScaleStatus.h"
#include "degrade/DegradationKind.h"
#include "record/ParaLoupeRecord.h"
#include "session/FrameSnapshot.h"

namespace edgescope {

RecordedFrame SnapshotRecord::make(std::int64_t frame, double timeS, const LatencyBreakdown& latency,
                                   const DeepScaleFrame& deepscale, int detections, int tracks) {
  RecordedFrame recorded;
  recorded.frame = frame;
  recorded.timeS = timeS;
  if (deepscale.active) {
    recorded.inputWidth = deepscale.widthPx;
    recorded.inputHeight = deepscale.heightPx;
    recorded.rung = deepscale.rungIndex;
    recorded.reselected = deepscale.reselected;
  }
  recorded.detections = detections;
  recorded.tracks = tracks;
  recorded.totalMs = latency.totalMs();
  recorded.stageMs = latency.stages();
  return recorded;
}

RecordedFrame SnapshotRecord::fromSnapshot(const FrameSnapshot& snapshot, double timeS) {
  RecordedFrame recorded = make(snapshot.frame.number, timeS, snapshot.latency, snapshot.deepscale,
                                static_cast<int>(snapshot.detections.size()), static_cast<int>(snapshot.tracks.size()));
  recorded.moduleFields = ParaLoupeRecord::frameFields(snapshot.partition.paraloupe);
  addTurbo(recorded, snapshot.turbo, snapshot.degradation);
  return recorded;
}

void SnapshotRecord::addTurbo(RecordedFrame& recorded, const TurboFrameStatus& turbo,
                              const FrameDegradation& degradation) {
  if (turbo.active) {
    if (turbo.difficulty >= 0.0) recorded.difficulty = turbo.difficulty;
    recorded.exit = turbo.exit;
    recorded.budgetMs = turbo.budgetMs;
    recorded.turboMs = turbo.spentMs;
  }
  recorded.degradeKind = kindName(degradation.kind);
  recorded.degradeStrength = degradation.degraded() ? degradation.strength : 0.0;
}

}  // namespace edgescope
