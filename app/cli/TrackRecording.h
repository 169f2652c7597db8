#pragma once
/// @file TrackRecording.h
/// `edgescope-cli track --record DIR`: records the headless run into a session folder (record/SessionData.h) with
/// the same content as a console recording: every frame, its tracks, the initial parameters as knobs at time 0,
/// live metrics every 25 frames (incremental) and, at the end, the metrics `track --json` prints; for
/// `paraloupe-bench --record` also ParaLoupe's columns and files (ParaLoupeRecord) and the cluster's events.
/// Main thread only. Write failures throw Error naming the file.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "degrade/DegradationKind.h"
#include "eval/MetricsAccumulator.h"
#include "pipeline/TrackingPipeline.h"
#include "record/SessionRecorder.h"
#include "session/ClusterNodeView.h"
#include "session/ModuleRecordLine.h"
#include "session/PartitionFrame.h"
#include "source/SourceInfo.h"

namespace edgescope {

class TrackRecording {
 public:
  /// Starts the session in @p folder. @p source.hasGroundTruth: whether frames carry GT (then metrics are recorded).
  TrackRecording(const std::string& folder, const SourceInfo& source, const std::string& groundTruthPath,
                 const TrackingPipeline& pipeline);

  /// Records one processed frame: @p decodeMs plus the pipeline's stages, its tracks, and its GT/@p hypRows in the
  /// live metrics.
  /// With Turbo/--degrade: the frame's difficulty, exit, budget and degradation (frames.csv v2).
  /// With @p partition under ParaLoupe (paraloupe-bench --record): its pl_* columns, patches and Gantt segments.
  void addFrame(std::int64_t frameNumber, double decodeMs, const TrackingPipeline::Result& result,
                const std::vector<MotRow>& groundTruth, const std::vector<MotRow>& hypRows,
                const PartitionFrame* partition = nullptr, const FrameDegradation& degradation = {});
  /// nodes.csv wants a sample now (once per second of session time).
  bool nodesDue() const { return recorder_.elapsedS() >= nextNodesS_; }
  /// One nodes.csv sample of @p nodes.
  void addNodes(std::int64_t frameNumber, const std::vector<ClusterNodeView>& nodes);
  /// Feature-file lines of an engine module (AMS's ams.csv), written as a console recording writes them.
  void addModuleLines(std::int64_t frameNumber, const std::vector<ModuleRecordLine>& lines);
  /// A line of events.log ("info", "warning", "error").
  void recordEvent(const std::string& level, const std::string& message) { recorder_.recordEvent(level, message); }
  /// Records @p finalMetrics (may be null: no GT) as the last metrics line and finishes the session.
  void finish(const MotMetrics* finalMetrics);
  /// Adds an error line to events.log (the run is failing; the destructor then finishes the session). Never throws.
  void recordError(const std::string& message);

 private:
  SessionRecorder recorder_;
  std::unique_ptr<MetricsAccumulator> live_;  ///< null without GT, or after duplicate ids stopped the live metrics
  std::int64_t lastFrame_ = 0;
  double nextNodesS_ = 0.0;
};

}  // namespace edgescope
