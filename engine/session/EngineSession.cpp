#include "session/EngineSession.h"

#include "session/PartitionModule.h"
#include "session/TurboModule.h"

#include "core/Stopwatch.h"
#include "eval/MetricsAccumulator.h"
#include "pipeline/TrackingPipeline.h"
#include "source/MotSequenceSource.h"
#include "source/SourceFactory.h"
#include "util/Error.h"
#include "util/ThreadName.h"
#include "util/ThreadPriority.h"

namespace edgescope {
namespace {

constexpr int kLiveReadTimeoutMs = 50;
constexpr double kIdleWaitMs = 100.0;
constexpr double kStatusIntervalMs = 200.0;
constexpr double kMetricsIntervalMs = 1000.0;
constexpr std::int64_t kRecordMetricsEveryFrames = 25;

}  // namespace

const char* stateName(PlayState state) {
  switch (state) {
    case PlayState::Idle: return "idle";
    case PlayState::Playing: return "playing";
    case PlayState::Paused: return "paused";
    case PlayState::Ended: return "ended";
    case PlayState::Failed: return "failed";
  }
  return "unknown";
}

EngineSession::EngineSession(int engineNiceIncrement) : engineNiceIncrement_(engineNiceIncrement) {
  parameters_.declare({"playback.speed", "Speed", 0.1, 8.0, 0.1, 1.0, "×",
                       "Playback speed of files and sequences relative to their frame rate"});
  parameters_.declare({"playback.paced", "Paced", 0.0, 1.0, 1.0, 1.0, "",
                       "1: play files at their frame rate × speed; 0: process every frame as fast as possible"});
  parameters_.declare({"playback.loop", "Loop", 0.0, 1.0, 1.0, 0.0, "",
                       "1: restart files and sequences at the end"});
  for (const auto& spec : TrackerConfig::parameterSpecs()) parameters_.declare(spec);
  for (const auto& spec : DeepScaleConfig::parameterSpecs()) parameters_.declare(spec);
  modules_.add(std::make_unique<TurboModule>());  // turbo.*, degrade.* (issue 21)
  for (auto& module : EngineModules::createRegistered()) modules_.add(std::move(module));  // plug-ins (AMS, issue 22)
  modules_.declare(parameters_);
  partition_ = PartitionModule::create();
  if (partition_) {
    for (const auto& spec : partition_->parameterSpecs()) {
      parameters_.declare(spec);
      partitionIds_.insert(spec.id);
    }
  }
  parameterSpecs_ = parameters_.specs();
  publishStatus();
  thread_ = std::thread([this] { run(); });
}

EngineSession::~EngineSession() {
  quit_ = true;
  commands_.push(EngineCommand::close());
  if (thread_.joinable()) thread_.join();
}

void EngineSession::post(EngineCommand command) { commands_.push(std::move(command)); }

std::shared_ptr<const FrameSnapshot> EngineSession::takeFrameIfNewer(std::uint64_t& lastSequence) {
  return frames_.takeIfNewer(lastSequence);
}

std::shared_ptr<const EngineStatus> EngineSession::status() const { return statusBox_.peek(); }

std::vector<EngineEvent> EngineSession::takeEvents() { return events_.drain(); }

void EngineSession::emitEvent(EngineEvent::Type type, std::string message) {
  recording_.recordEngineEvent(type, message);  // info too: nodes back, shedding on/off (issue 20)
  EngineEvent event;
  event.type = type;
  event.message = std::move(message);
  events_.push(std::move(event));
}

void EngineSession::fail(const std::string& message) {
  state_ = PlayState::Failed;
  lastError_ = message;
  emitEvent(EngineEvent::Type::Error, message);
  publishStatus();
}

void EngineSession::run() {
  setCurrentThreadName("es-engine");
  if (!lowerCurrentThreadPriority(engineNiceIncrement_)) {
    emitEvent(EngineEvent::Type::Warning, "could not lower the engine thread's priority by " +
                                              std::to_string(engineNiceIncrement_) + " nice steps");
  }
  while (!quit_) {
    for (const auto& command : commands_.drain()) {
      if (quit_) break;
      apply(command);
    }
    if (quit_) break;
    const bool wantFrame = source_ && (state_ == PlayState::Playing || stepRequested_);
    if (!wantFrame) {
      if (Stopwatch::nowMs() - lastStatusMs_ > kStatusIntervalMs) publishStatus();
      commands_.waitForItem(kIdleWaitMs);
      continue;
    }
    processOneFrame();
    if (Stopwatch::nowMs() - lastStatusMs_ > kStatusIntervalMs) publishStatus();
  }
  recordMetrics(true);
  recording_.stop();
  source_.reset();
}

void EngineSession::apply(const EngineCommand& command) {
  using Type = EngineCommand::Type;
  switch (command.type) {
    case Type::OpenSource: openSource(command); break;
    case Type::Play:
      if (source_ && state_ != PlayState::Failed) {
        if (state_ == PlayState::Ended && sourceInfo_.seekable && source_->seek(1)) {
          currentFrame_ = 0;
          restartTracking();
        }
        state_ = PlayState::Playing;
        pacer_.reset();
      }
      break;
    case Type::Pause:
      if (state_ == PlayState::Playing) state_ = PlayState::Paused;
      break;
    case Type::Step:
      if (source_ && state_ != PlayState::Playing && state_ != PlayState::Failed && state_ != PlayState::Ended) {
        stepRequested_ = true;
      }
      break;
    case Type::Seek:
      if (!source_ || !sourceInfo_.seekable) {
        emitEvent(EngineEvent::Type::Warning, "seek ignored: the source is not seekable");
      } else if (!source_->seek(command.frame)) {
        emitEvent(EngineEvent::Type::Warning, "seek to frame " + std::to_string(command.frame) + " is out of range");
      } else {
        pacer_.reset();
        restartTracking();
        if (state_ == PlayState::Ended) state_ = PlayState::Paused;
        if (state_ != PlayState::Playing) stepRequested_ = true;  // show the frame we landed on
      }
      break;
    case Type::SetParameter: setParameter(command); break;
    case Type::StartLocalNodes:
    case Type::AddNode:
    case Type::StopNode:
    case Type::KillNode:
    case Type::SetNodeCost:
    case Type::WhatIfLost:
    case Type::SetRois: applyClusterCommand(command); break;
    case Type::ModuleCommand:
      applyModuleCommand(command);
      break;
    case Type::ConfigurePipeline: configurePipeline(command); break;
    case Type::StartRecording: startRecording(command); break;
    case Type::StopRecording:
      recordMetrics(true);
      recording_.stop();
      break;
    case Type::Close:
      recordMetrics(true);
      recording_.stop();
      source_.reset();
      sourceInfo_ = SourceInfo{};
      state_ = PlayState::Idle;
      stats_ = PlaybackStats{};
      currentFrame_ = 0;
      restartTracking();
      break;
  }
  recording_.recordModuleLines(currentFrame_, modules_.takeRecordLines());
  publishStatus();
}

void EngineSession::setParameter(const EngineCommand& command) {
  const std::map<std::string, double> before = parameters_.values();
  try {
    double applied = parameters_.set(command.parameterId, command.value);
    if (pipeline_ && command.parameterId.rfind("track.", 0) == 0) {
      applied = pipeline_->setTrackerParameter(command.parameterId, applied);
    }
    if (partition_ && partitionIds_.count(command.parameterId)) {
      try {
        applied = partition_->apply(command.parameterId, applied);
      } catch (const Error&) {
        const auto previous = before.find(command.parameterId);  // the module refused: the knob keeps its value
        if (previous != before.end()) parameters_.set(command.parameterId, previous->second);
        throw;
      }
    }
    if (modules_.owns(command.parameterId)) {
      applied = modules_.apply(command.parameterId, applied, pipeline_.get(), sourceInfo_, parameters_);
    }
    if (command.parameterId.rfind("deepscale.", 0) == 0) {
      applied = deepscale_.apply(command.parameterId, applied);
      if (pipeline_ && pipeline_->hasDeepScale()) pipeline_->setDeepScaleParameter(command.parameterId, applied);
      echoDeepScale();
    }
    EngineEvent event;
    event.type = EngineEvent::Type::ParameterApplied;
    event.parameterId = command.parameterId;
    event.value = applied;
    event.message = command.parameterId + " = " + std::to_string(applied);
    events_.push(event);
    pacer_.reset();
    recording_.recordKnob(currentFrame_, command.parameterId, command.value, applied);
    recordParameterChanges(before, command.parameterId);
  } catch (const Error& e) {
    emitEvent(EngineEvent::Type::Warning, e.what());
  }
}

void EngineSession::recordParameterChanges(const std::map<std::string, double>& before, const std::string& skipId) {
  if (!recording_.active()) return;
  for (const auto& [id, value] : parameters_.values()) {
    const auto old = before.find(id);
    const bool changed = old == before.end() || old->second != value;
    if (id != skipId && changed) recording_.recordKnob(currentFrame_, id, value, value);
  }
}

void EngineSession::startRecording(const EngineCommand& command) {
  if (!source_) {
    emitEvent(EngineEvent::Type::Error, "cannot record to '" + command.folder + "': no source is open");
    return;
  }
  recording_.start(command.folder, command.tool,
                   {sourceInfo_, groundTruthPath_, pipeline_.get(), parameters_.values(), currentFrame_});
}

void EngineSession::recordMetrics(bool refresh) {
  if (!recording_.active()) return;
  if (refresh && metrics_) {
    lastMetrics_ = metrics_->compute();
    hasMetrics_ = true;
  }
  if (hasMetrics_) recording_.recordMetrics(currentFrame_, lastMetrics_);
}

void EngineSession::echoDeepScale() {
  for (const auto& spec : DeepScaleConfig::parameterSpecs()) parameters_.set(spec.id, deepscale_.value(spec.id));
}

void EngineSession::configurePipeline(const EngineCommand& command) {
  const std::map<std::string, double> before = parameters_.values();
  modules_.pipelineDropped(parameters_);  // before the detector goes: modules let go of it first
  pipeline_.reset();
  restartTracking();
  if (command.detectorSpec.empty()) {
    recordParameterChanges(before, {});
    emitEvent(EngineEvent::Type::PipelineReady, "detection and tracking off");
    return;
  }
  try {
    PipelineConfig config;
    config.detectorSpec = command.detectorSpec;
    config.embedderSpec = command.embedderSpec;
    for (const auto& spec : TrackerConfig::parameterSpecs()) config.tracker.apply(spec.id, parameters_.value(spec.id));
    // Appearance association follows the embedder choice; the knob echoes it.
    config.tracker.mode = config.embedderSpec.empty() ? TrackerMode::Byte : TrackerMode::Jde;
    config.tracker.frameRateFps = sourceInfo_.fps > 0 ? sourceInfo_.fps : 30.0;
    config.deepscale = deepscale_;
    pipeline_ = std::make_unique<TrackingPipeline>(config);
    // JDE detectors bring embeddings: the pipeline switches to appearance association on its own.
    parameters_.set("track.appearance", pipeline_->config().tracker.mode == TrackerMode::Jde ? 1.0 : 0.0);
    for (const auto& [id, value] : pipeline_->appliedTrackerDefaults()) {
      parameters_.set(id, value);  // the model's calibrated thresholds; the sliders show them
      EngineEvent event;
      event.type = EngineEvent::Type::ParameterApplied;
      event.parameterId = id;
      event.value = value;
      event.message = id + " = " + std::to_string(value) + " (recommended by " + pipeline_->detectorName() + ")";
      events_.push(event);
    }
    pipeline_->warmUp(cv::Size(sourceInfo_.width, sourceInfo_.height));  // 0 sizes while no source is open
    std::string text = "tracking with " + pipeline_->detectorName();
    if (!pipeline_->embedderName().empty()) text += " + " + pipeline_->embedderName();
    emitEvent(EngineEvent::Type::PipelineReady, text);
    recordParameterChanges(before, {});
  } catch (const std::exception& e) {
    emitEvent(EngineEvent::Type::Error, std::string("cannot start the pipeline: ") + e.what());
  }
}

void EngineSession::applyClusterCommand(const EngineCommand& command) {
  if (!partition_) {
    emitEvent(EngineEvent::Type::Error, "cluster commands need the partition module (not in this program)");
    return;
  }
  try {
    EngineCommand withDetector = command;
    if (withDetector.detectorSpec.empty() && pipeline_) withDetector.detectorSpec = pipeline_->config().detectorSpec;
    emitEvent(EngineEvent::Type::Info, partition_->command(withDetector));
  } catch (const std::exception& e) {
    emitEvent(EngineEvent::Type::Error, e.what());
  }
}

void EngineSession::applyModuleCommand(const EngineCommand& command) {
  try {
    for (EngineEvent& reply : modules_.command(command, pipeline_.get())) {
      recording_.recordEngineEvent(reply.type, reply.message);
      events_.push(std::move(reply));
    }
  } catch (const std::exception& e) {
    emitEvent(EngineEvent::Type::Warning, command.name + ": " + e.what());
  }
}

void EngineSession::drainPartitionMessages() {
  for (auto& [warning, text] : partition_->takeMessages()) {
    emitEvent(warning ? EngineEvent::Type::Warning : EngineEvent::Type::Info, std::move(text));
  }
}

void EngineSession::restartTracking() {
  if (partition_) partition_->restart();
  modules_.restart();
  if (pipeline_) pipeline_->reset();
  metrics_.reset();
  metricsDisabled_ = false;
  hasMetrics_ = false;
  lastMetrics_ = MotMetrics{};
}

void EngineSession::track(FrameSnapshot& snapshot) {
  if (!pipeline_) return;
  try {
    modules_.beforeTrack(snapshot, frameTiming_, *pipeline_);
    auto result = partition_ ? partition_->process(snapshot.frame, *pipeline_, snapshot.partition)
                             : pipeline_->process(snapshot.frame);
    if (partition_) drainPartitionMessages();
    modules_.afterTrack(result, snapshot, *pipeline_);
    snapshot.detections = std::move(result.detections);
    snapshot.tracks = std::move(result.tracks);
    for (const auto& stage : result.latency.stages()) snapshot.latency.add(stage.first, stage.second);
    snapshot.deepscale = result.deepscale;
  } catch (const std::exception& e) {
    emitEvent(EngineEvent::Type::Error, std::string("pipeline stopped: ") + e.what());
    modules_.pipelineDropped(parameters_);
    pipeline_.reset();
    return;
  }
  if (!snapshot.hasGroundTruth || metricsDisabled_) return;
  if (!metrics_) {
    metrics_ = std::make_unique<MetricsAccumulator>();
    metrics_->beginSequence(sourceInfo_.name);
  }
  try {
    metrics_->addFrame(snapshot.frame.number, snapshot.groundTruth, TrackingPipeline::toMotRows(snapshot.tracks, snapshot.frame.number));
    const double nowMs = Stopwatch::nowMs();
    if (nowMs - lastMetricsMs_ > kMetricsIntervalMs) {
      lastMetrics_ = metrics_->compute();
      hasMetrics_ = true;
      lastMetricsMs_ = nowMs;
    }
  } catch (const std::exception& e) {
    emitEvent(EngineEvent::Type::Warning, std::string("live metrics stopped until the next seek or source: ") + e.what());
    metrics_.reset();
    metricsDisabled_ = true;
    hasMetrics_ = false;
  }
}

void EngineSession::openSource(const EngineCommand& command) {
  recordMetrics(true);
  recording_.stop();
  source_.reset();
  restartTracking();
  skippedBase_ = static_cast<std::int64_t>(frames_.overwrittenCount());
  sourceInfo_ = SourceInfo{};
  stats_ = PlaybackStats{};
  processedRate_.reset();
  measuredSourceFps_ = 0.0;
  lastArrivalNumber_ = 0;
  pacer_.reset();
  meanFrameMs_ = 0.0;
  currentFrame_ = 0;
  lastError_.clear();
  state_ = PlayState::Idle;
  groundTruthPath_ = command.groundTruthPath;
  try {
    source_ = SourceFactory::open(command.uri, command.groundTruthPath);
  } catch (const std::exception& e) {
    EngineEvent event;
    event.type = EngineEvent::Type::SourceFailed;
    event.message = e.what();
    events_.push(event);
    state_ = PlayState::Failed;
    lastError_ = e.what();
    return;
  }
  sourceInfo_ = source_->info();
  sourceInfo_.hasGroundTruth = sourceInfo_.hasGroundTruth || source_->groundTruth() != nullptr;
  restartTracking();
  if (pipeline_) {
    pipeline_->setFrameRate(sourceInfo_.fps);
    try {
      pipeline_->warmUp(cv::Size(sourceInfo_.width, sourceInfo_.height));  // no stall at the first switch of size
    } catch (const std::exception& e) {
      emitEvent(EngineEvent::Type::Error, std::string("detector warm-up failed: ") + e.what());
    }
  }
  state_ = command.value > 0.0 ? PlayState::Paused : PlayState::Playing;
  EngineEvent event;
  event.type = EngineEvent::Type::SourceOpened;
  event.source = sourceInfo_;
  event.message = "opened " + sourceInfo_.kind + " '" + sourceInfo_.name + "'";
  events_.push(event);
}

void EngineSession::processOneFrame() {
  const bool live = sourceInfo_.live;
  SourceFrame sourceFrame;
  Stopwatch decodeClock;
  ReadStatus status;
  try {
    status = source_->read(sourceFrame, live ? kLiveReadTimeoutMs : 0);
  } catch (const std::exception& e) {
    stepRequested_ = false;
    fail(e.what());
    return;
  }
  const double decodeMs = decodeClock.elapsedMs();
  if (status == ReadStatus::NoFrameYet) return;
  if (status == ReadStatus::EndOfStream) {
    stepRequested_ = false;
    const SourceHealth health = source_->health();
    if (!health.lastError.empty()) emitEvent(EngineEvent::Type::Warning, health.lastError);
    if (!live && parameters_.value("playback.loop") > 0.5 && source_->seek(1)) {
      pacer_.reset();
      restartTracking();
      return;
    }
    if (metrics_) {  // final numbers over the whole run
      lastMetrics_ = metrics_->compute();
      hasMetrics_ = true;
    }
    recordMetrics(false);
    state_ = health.state == SourceState::Failed ? PlayState::Failed : PlayState::Ended;
    emitEvent(EngineEvent::Type::EndOfStream, "end of '" + sourceInfo_.name + "' after frame " +
                                             std::to_string(currentFrame_));
    publishStatus();
    return;
  }
  modules_.frameRead(sourceFrame, sourceInfo_);  // before pacing: a degraded frame is due like any other
  const double speed = parameters_.value("playback.speed");
  const double mediaMs = sourceFrame.frame.captureTimeMs;
  if (!live && !stepRequested_ && parameters_.value("playback.paced") > 0.5) {
    double waitMs = pacer_.delayMs(mediaMs, Stopwatch::nowMs(), speed);
    // Wait in slices so commands (pause, seek, speed) stay responsive; a command ends the wait early.
    while (waitMs > 0 && !quit_) {
      if (commands_.waitForItem(waitMs)) break;
      waitMs = 0;
    }
    frameTiming_ = FrameTiming::paced(pacer_, mediaMs, sourceInfo_.fps, speed, Stopwatch::nowMs());
  } else {
    frameTiming_ = live ? FrameTiming::live(mediaMs, stats_.sourceFps) : FrameTiming::unpaced(Stopwatch::nowMs());
  }
  stepRequested_ = false;
  publishFrame(sourceFrame, decodeMs);
}

void EngineSession::publishFrame(SourceFrame& sourceFrame, double decodeMs) {
  auto snapshot = std::make_shared<FrameSnapshot>();
  snapshot->sequence = ++frameSequence_;
  snapshot->frame = std::move(sourceFrame.frame);
  snapshot->hasGroundTruth = sourceInfo_.hasGroundTruth;
  snapshot->groundTruth = std::move(sourceFrame.groundTruth);
  snapshot->degradation = sourceFrame.degradation;
  if (const auto* mot = dynamic_cast<const MotSequenceSource*>(source_.get()); mot && mot->detections()) {
    for (const auto& row : mot->detections()->rowsForFrame(snapshot->frame.number)) {
      snapshot->detections.push_back({row.box, row.confidence, 0, {}});
    }
  }
  snapshot->latency.add("decode", decodeMs);
  track(*snapshot);
  currentFrame_ = snapshot->frame.number;

  const double nowMs = Stopwatch::nowMs();
  processedRate_.tick(nowMs);
  const SourceHealth health = source_->health();
  const double frameMs = snapshot->latency.totalMs();
  meanFrameMs_ = meanFrameMs_ <= 0 ? frameMs : 0.9 * meanFrameMs_ + 0.1 * frameMs;
  stats_.framesProcessed += 1;
  stats_.processingFps = processedRate_.ratePerSecond(nowMs);
  stats_.pipelineCapacityFps = meanFrameMs_ > 0 ? 1000.0 / meanFrameMs_ : 0.0;
  stats_.sourceFps = sourceInfo_.fps > 0 ? sourceInfo_.fps : measureArrivalFps(*snapshot);
  stats_.sourceDroppedFrames = health.droppedFrames;
  stats_.displaySkippedFrames = static_cast<std::int64_t>(frames_.overwrittenCount()) - skippedBase_;
  snapshot->stats = stats_;
  recording_.recordModuleLines(snapshot->frame.number, modules_.takeRecordLines());  // dropped when not recording
  if (recording_.active()) {
    if (partition_ && snapshot->partition.paraloupe.active) snapshot->nodes = partition_->nodes();  // nodes.csv
    recording_.recordFrame(*snapshot);
    if (recording_.framesRecorded() % kRecordMetricsEveryFrames == 0) recordMetrics(true);
  }
  frames_.publish(std::move(snapshot));
}

double EngineSession::measureArrivalFps(const FrameSnapshot& snapshot) {
  const double dtMs = snapshot.frame.captureTimeMs - lastArrivalMs_;
  const auto frames = snapshot.frame.number - lastArrivalNumber_;
  if (lastArrivalNumber_ > 0 && dtMs > 0 && frames > 0) {
    const double instant = 1000.0 * static_cast<double>(frames) / dtMs;
    measuredSourceFps_ = measuredSourceFps_ <= 0 ? instant : 0.9 * measuredSourceFps_ + 0.1 * instant;
  }
  lastArrivalNumber_ = snapshot.frame.number;
  lastArrivalMs_ = snapshot.frame.captureTimeMs;
  return measuredSourceFps_;
}

void EngineSession::publishStatus() {
  auto status = std::make_shared<EngineStatus>();
  status->sequence = ++statusSequence_;
  status->state = state_;
  status->source = sourceInfo_;
  if (source_) status->health = source_->health();
  status->stats = stats_;
  status->currentFrame = currentFrame_;
  status->parameters = parameters_.values();
  status->lastError = lastError_;
  if (pipeline_) {
    status->detectorName = pipeline_->detectorName();
    status->embedderName = pipeline_->embedderName();
    status->deepscale = pipeline_->deepScaleStatus();
  }
  if (partition_) status->nodes = partition_->nodes();
  modules_.fillStatus(*status);
  status->hasMetrics = hasMetrics_;
  status->metrics = lastMetrics_;
  status->metricsFrames = hasMetrics_ ? lastMetrics_.frames : 0;
  status->recording = recording_.active();
  status->recordingFolder = recording_.folder();
  status->recordedFrames = recording_.framesRecorded();
  statusBox_.publish(std::move(status));
  lastStatusMs_ = Stopwatch::nowMs();
}

}  // namespace edgescope
