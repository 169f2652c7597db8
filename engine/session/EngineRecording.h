#pragma once
/// @file EngineRecording.h
/// The engine's session recording: owns the SessionRecorder while recording, builds its manifest from the engine's
/// state, and turns every recording failure into events, so a failing disk never stops the engine thread.
///
/// Threading: engine thread only (EngineSession owns it). Events are emitted through the callback given at
/// construction, on the engine thread.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "eval/MotMetrics.h"
#include "record/SessionRecorder.h"
#include "session/EngineCommand.h"
#include "session/ModuleRecordLine.h"

namespace edgescope {

struct FrameSnapshot;
class TrackingPipeline;

class EngineRecording {
 public:
  /// Called on the engine thread for RecordingStarted (message: folder), RecordingStopped and Error events.
  using Emit = std::function<void(EngineEvent::Type type, std::string message)>;
  /// What the manifest is made of: the open source, its GT file, the pipeline (may be null) and applied parameters.
  struct Context {
    SourceInfo source;
    std::string groundTruthPath;
    const TrackingPipeline* pipeline = nullptr;
    std::map<std::string, double> parameters;
    std::int64_t currentFrame = 0;  ///< last processed frame number (frame of the initial knobs)
  };

  explicit EngineRecording(Emit emitEvent) : emit_(std::move(emitEvent)) {}

  /// Finishes a running recording, then records into @p folder as @p tool. Emits RecordingStarted, or Error
  /// naming the folder when it cannot be used.
  void start(const std::string& folder, const std::string& tool, const Context& context);
  /// Finishes the recording (complete = true) and emits RecordingStopped; nothing when not recording.
  void stop();
  bool active() const { return recorder_ != nullptr; }
  /// Folder being recorded ("" when not recording).
  std::string folder() const { return recorder_ ? recorder_->folder() : std::string(); }
  std::int64_t framesRecorded() const { return recorder_ ? recorder_->framesRecorded() : 0; }

  /// Each records when active; a write failure stops the recording with an Error event naming the file.
  /// recordFrame writes the frame's ParaLoupe patches and Gantt segments (patches.csv, gantt.csv) before its
  /// frames.csv line, and the snapshot's nodes to nodes.csv at most once per second of session time.
  void recordFrame(const FrameSnapshot& snapshot);
  void recordKnob(std::int64_t frame, const std::string& id, double requested, double applied);
  /// Skips metrics identical in coverage to the last recorded ones (same frame and frame count).
  void recordMetrics(std::int64_t frame, const MotMetrics& metrics);
  void recordEvent(const std::string& level, const std::string& message);
  /// Appends @p lines to their feature files, each as "time_s,frame,FIELDS" under "time_s,frame,HEADER" (frame
  /// @p frame: the last processed one). Nothing when not recording.
  void recordModuleLines(std::int64_t frame, const std::vector<ModuleRecordLine>& lines);
  /// What recordModuleLines() writes, into @p recorder at its current time (the CLI's recordings too). Throws like
  /// SessionRecorder::appendLines.
  static void appendModuleLines(SessionRecorder& recorder, std::int64_t frame,
                                const std::vector<ModuleRecordLine>& lines);
  /// Records an engine event worth keeping in events.log: Warning as "warning", Error as "error", Info (cluster and
  /// partition notices: a node lost or back, patches shed, a fallback resumed) as "info"; other types are ignored.
  void recordEngineEvent(EngineEvent::Type type, const std::string& message);

 private:
  template <typename Write>
  void guarded(Write&& write);

  Emit emit_;
  std::unique_ptr<SessionRecorder> recorder_;
  std::int64_t lastMetricsFrame_ = -1;
  std::int64_t lastMetricsCount_ = -1;
  double nextNodesS_ = 0.0;  ///< session time (s) from which the next nodes.csv sample is due
};

}  // namespace edgescope
