#pragma once
/// @file EngineSession.h
/// The engine: one named thread ("es-engine") that owns the video source, drains plain-value commands between
/// frames, and publishes immutable frame snapshots and status into latest-value mailboxes. It never blocks on its
/// consumers: a snapshot nobody took is replaced by the next one (counted as a display skip).
///
/// Threading: every public method may be called from any thread. The engine thread is started by the constructor
/// and joined by the destructor. Source errors never escape the thread: they become Failed state and events.
///
/// Recording (EngineCommand::startRecording): the engine thread writes every processed frame, every applied parameter
/// change, the live metrics (every 25 recorded frames, at the end of the stream and at stop) and its warnings and
/// errors into a session folder (record/SessionData.h). Opening another source, Close and the destructor finish it;
/// a write failure stops it with an Error event and never stops the engine.
///
/// Features beyond tracking compose through EngineModule (session/EngineModule.h): one line in the constructor
/// registers a module (TurboModule: turbo.*, degrade.*); its knobs, frame hooks, snapshot fields and status totals
/// need nothing else here. Modules of other targets come from EngineModules::registerFactory() (AMS: the programs
/// that link edgescope_ams register AmsModule before they create sessions); their feature-file lines
/// (EngineModule::takeRecordLines, e.g. ams.csv) go into the recording after every frame and command.

#include <atomic>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/RateMeter.h"
#include "deepscale/DeepScaleConfig.h"
#include "session/EngineCommand.h"
#include "session/EngineModules.h"
#include "session/EngineRecording.h"
#include "session/FramePacer.h"
#include "session/FrameSnapshot.h"
#include "session/FrameTiming.h"
#include "session/LatestValueMailbox.h"
#include "session/MessageQueue.h"
#include "session/ParameterRegistry.h"
#include "source/VideoSource.h"

namespace edgescope {

class TrackingPipeline;
class MetricsAccumulator;
class PartitionModule;

class EngineSession {
 public:
  /// @p engineNiceIncrement lowers the engine thread and every thread it starts (LibTorch/OpenMP and OpenCV workers,
  /// decoders) by that many nice steps, so that an interactive thread beside it (the console's GUI thread) wins the
  /// cores when both want them. 0 (headless tools) leaves the priority alone.
  explicit EngineSession(int engineNiceIncrement = 0);
  ~EngineSession();
  EngineSession(const EngineSession&) = delete;
  EngineSession& operator=(const EngineSession&) = delete;

  /// Queues @p command; applied by the engine thread before its next frame. Never blocks on the engine.
  void post(EngineCommand command);
  /// Newest frame snapshot if newer than @p lastSequence (which is updated), else nullptr.
  std::shared_ptr<const FrameSnapshot> takeFrameIfNewer(std::uint64_t& lastSequence);
  /// Newest status (never nullptr).
  std::shared_ptr<const EngineStatus> status() const;
  /// Events emitted since the last call, oldest first.
  std::vector<EngineEvent> takeEvents();
  /// Parameters the engine declares (fixed after construction).
  const std::vector<ParameterSpec>& parameterSpecs() const { return parameterSpecs_; }

 private:
  void run();
  void apply(const EngineCommand& command);
  void openSource(const EngineCommand& command);
  void configurePipeline(const EngineCommand& command);
  void setParameter(const EngineCommand& command);
  /// Records every parameter whose applied value differs from @p before, except @p skipId (engine thread).
  void recordParameterChanges(const std::map<std::string, double>& before, const std::string& skipId);
  void startRecording(const EngineCommand& command);
  /// Records the live metrics (recomputed first when @p refresh) when there are any.
  void recordMetrics(bool refresh);
  /// Echoes every deepscale.* value of deepscale_ (a preset changes the γs and a γ the preset).
  void echoDeepScale();
  /// Runs the pipeline on the snapshot's frame and feeds the live metrics (engine thread).
  void track(FrameSnapshot& snapshot);
  /// Restarts tracks and live metrics (after open, seek or loop).
  void restartTracking();
  void processOneFrame();
  void publishFrame(SourceFrame& sourceFrame, double decodeMs);
  void publishStatus();
  double measureArrivalFps(const FrameSnapshot& snapshot);
  /// Cluster commands go to the partition module (an Error event without one).
  void applyClusterCommand(const EngineCommand& command);
  /// ModuleCommand: the answering module's replies become events; trouble is a Warning naming the command.
  void applyModuleCommand(const EngineCommand& command);
  /// Turns the partition module's messages into events.
  void drainPartitionMessages();
  void fail(const std::string& message);
  void emitEvent(EngineEvent::Type type, std::string message);

  // Shared with other threads (thread-safe types).
  MessageQueue<EngineCommand> commands_;
  MessageQueue<EngineEvent> events_{1000};
  LatestValueMailbox<FrameSnapshot> frames_;
  LatestValueMailbox<EngineStatus> statusBox_;
  std::vector<ParameterSpec> parameterSpecs_;
  std::atomic<bool> quit_{false};
  const int engineNiceIncrement_;

  // Engine thread only.
  ParameterRegistry parameters_;
  DeepScaleConfig deepscale_;  ///< operator's DeepScale knobs; kept across pipelines, applied to DeepScale ones
  std::unique_ptr<VideoSource> source_;
  std::unique_ptr<TrackingPipeline> pipeline_;
  std::unique_ptr<MetricsAccumulator> metrics_;
  std::unique_ptr<PartitionModule> partition_;  ///< CO/SO/SOAT/SAT/PL when the program installed one (issue 6)
  std::set<std::string> partitionIds_;          ///< the knobs partition_ declared (it applies them)
  /// Features composed through EngineModule hooks (Turbo and degrade, issue 21); their events go out like ours.
  EngineModules modules_{[this](EngineEvent::Type type, std::string message) { emitEvent(type, std::move(message)); }};
  FrameTiming frameTiming_;  ///< when the frame being processed was due, and the next one (engine thread)
  double lastMetricsMs_ = 0.0;
  bool hasMetrics_ = false;
  bool metricsDisabled_ = false;   ///< GT could not be scored (e.g. duplicate ids); until the next seek/source
  std::int64_t skippedBase_ = 0;   ///< mailbox overwrites before the current source was opened
  MotMetrics lastMetrics_;
  SourceInfo sourceInfo_;
  PlayState state_ = PlayState::Idle;
  bool stepRequested_ = false;
  FramePacer pacer_;
  RateMeter processedRate_;
  double measuredSourceFps_ = 0.0;   ///< live sources without a nominal rate
  std::int64_t lastArrivalNumber_ = 0;
  double lastArrivalMs_ = 0.0;
  PlaybackStats stats_;
  double meanFrameMs_ = 0.0;
  std::uint64_t frameSequence_ = 0;
  std::uint64_t statusSequence_ = 0;
  std::int64_t currentFrame_ = 0;
  double lastStatusMs_ = 0.0;
  std::string lastError_;
  std::string groundTruthPath_;  ///< GT file the current source was opened with (for recordings)
  EngineRecording recording_{[this](EngineEvent::Type type, std::string message) {
    emitEvent(type, std::move(message));
  }};

  std::thread thread_;  // last: started after every member is constructed
};

}  // namespace edgescope
