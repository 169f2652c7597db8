#pragma once
/// @file FrameSnapshot.h
/// What the engine publishes per processed frame, and its running status. Both are immutable once published
/// (handed out as shared_ptr<const …>), so any thread may read them without locks.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "ams/AmsStreamStatus.h"
#include "core/Detection.h"
#include "core/Frame.h"
#include "core/LatencyBreakdown.h"
#include "core/Track.h"
#include "deepscale/DeepScaleStatus.h"
#include "eval/MotMetrics.h"
#include "mot/MotRow.h"
#include "session/ClusterNodeView.h"
#include "session/PartitionFrame.h"
#include "source/SourceInfo.h"
#include "source/VideoSource.h"
#include "turbo/TurboFrameStatus.h"
#include "turbo/TurboSummary.h"

namespace edgescope {

enum class PlayState { Idle, Playing, Paused, Ended, Failed };
const char* stateName(PlayState state);

/// Rates and counters, measured by the engine thread.
struct PlaybackStats {
  double sourceFps = 0.0;           ///< nominal fps of the source (live: measured arrival rate when unknown)
  double processingFps = 0.0;       ///< frames processed per second of wall time, over the last second
  double pipelineCapacityFps = 0.0; ///< 1000 / mean per-frame processing time: how fast the pipeline could go
  std::int64_t framesProcessed = 0; ///< since the source was opened
  std::int64_t sourceDroppedFrames = 0;  ///< live frames the pipeline was too slow to take
  std::int64_t displaySkippedFrames = 0; ///< snapshots replaced before a consumer took them
};

/// One processed frame. sequence increases by one per published snapshot.
struct FrameSnapshot {
  std::uint64_t sequence = 0;
  Frame frame;
  bool hasGroundTruth = false;
  std::vector<MotRow> groundTruth;    ///< GT rows of this frame (ignore rows included)
  std::vector<Detection> detections;  ///< detector output (or public detections of a MOT sequence)
  std::vector<Track> tracks;          ///< tracker output
  LatencyBreakdown latency;           ///< per stage, ms
  PlaybackStats stats;
  DeepScaleFrame deepscale;           ///< input size this frame ran at (active only with a DeepScale detector)
  PartitionFrame partition;           ///< camera/server split of this frame (active with a partition module)
  TurboFrameStatus turbo;             ///< what Turbo did (active while turbo.enabled with an enhancer loaded)
  /// turbo.compare: exit 0's detections of a frame an enhanced exit produced `detections` for (empty otherwise),
  /// so a view can mark the boxes found only after enhancement.
  std::vector<Detection> plainDetections;
  bool plainKnown = false;            ///< plainDetections is valid (possibly empty): an enhanced frame under compare
  FrameDegradation degradation;       ///< how the frame was degraded (degrade.* knobs or a degraded source; None: clean)
  /// The partition module's edge nodes as the engine saw them after this frame (empty without a module); the
  /// recording samples them into nodes.csv once per second.
  std::vector<ClusterNodeView> nodes;
  AmsStreamStatus ams;  ///< AMS model streaming after this frame (enabled only with the AMS module on)
};

/// The engine's state; republished on every change and a few times per second while playing.
struct EngineStatus {
  std::uint64_t sequence = 0;
  PlayState state = PlayState::Idle;
  SourceInfo source;                         ///< empty uri when no source is open
  SourceHealth health;
  PlaybackStats stats;
  std::int64_t currentFrame = 0;             ///< number of the last published frame
  std::map<std::string, double> parameters;  ///< the values the engine has applied (echo of SetParameter)
  std::string lastError;
  std::string detectorName;                  ///< empty when no pipeline runs
  std::string embedderName;                  ///< empty when none
  bool hasMetrics = false;                   ///< live metrics over the frames tracked since open/seek (needs GT)
  MotMetrics metrics;
  std::int64_t metricsFrames = 0;            ///< frames the live metrics cover
  DeepScaleStatus deepscale;                 ///< resolution governor state (active only with a DeepScale detector)
  bool recording = false;                    ///< a session is being recorded (EngineCommand::startRecording)
  std::string recordingFolder;               ///< its folder ("" when not recording)
  std::int64_t recordedFrames = 0;           ///< frames written to it so far
  std::vector<ClusterNodeView> nodes;        ///< edge nodes known to the partition module (empty without one)
  TurboSummary turbo;                        ///< Turbo's enhancer, totals since open/seek and latest frame
  AmsStreamStatus ams;                       ///< AMS model streaming (enabled only with the AMS module on)
};

}  // namespace edgescope
