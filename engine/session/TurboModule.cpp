#include "session/TurboModule.h"

#include <algorithm>
#include <cstdio>

#include "core/Stopwatch.h"
#include "turbo/TurboController.h"
#include "util/Error.h"

namespace edgescope {
namespace {

std::string fixed(double value, const char* format = "%.2f") {
  char text[32];
  std::snprintf(text, sizeof(text), format, value);
  return text;
}

/// The profile's times × their current correction factors: the times measured lately, as a fresh profile.
LatencyProfile remeasured(const LatencyProfile& profile) {
  std::vector<std::vector<std::vector<double>>> times(static_cast<std::size_t>(profile.rungCount()));
  for (int rung = 0; rung < profile.rungCount(); ++rung) {
    auto& exits = times[static_cast<std::size_t>(rung)];
    exits.resize(static_cast<std::size_t>(profile.maxExit() + 1));
    for (int exit = 0; exit <= profile.maxExit(); ++exit) {
      for (int n = 1; n <= profile.measuredBatch(rung, exit); ++n) {
        exits[static_cast<std::size_t>(exit)].push_back(profile.predictMs(rung, exit, n));
      }
    }
  }
  return LatencyProfile(profile.device(), profile.threads(), profile.modelSha(), profile.discriminatorMs(), times);
}

}  // namespace

std::vector<ParameterSpec> TurboModule::parameterSpecs() const {
  std::vector<ParameterSpec> specs = TurboConfig::parameterSpecs();
  for (ParameterSpec& spec : DegradeKnobs::parameterSpecs()) specs.push_back(std::move(spec));
  return specs;
}

double TurboModule::value(const std::string& id) const {
  return id.rfind("degrade.", 0) == 0 ? degrade_.value(id) : config_.value(id);
}

double TurboModule::apply(const std::string& id, double value, TrackingPipeline* pipeline, const SourceInfo& source) {
  if (id.rfind("degrade.", 0) == 0) return degrade_.apply(id, value);
  if (id == "turbo.enabled") {
    config_.enabled = value >= 0.5 && enable(pipeline, source);
  } else {
    config_.apply(id, value);
    thresholdSet_ = thresholdSet_ || id == "turbo.hardThreshold";
  }
  if (TurboController* turbo = pipeline ? controller(*pipeline) : nullptr) turbo->config() = config_;
  summary_.enabled = config_.enabled;
  summary_.hardThreshold = config_.hardThreshold;
  return config_.value(id);
}

bool TurboModule::enable(TrackingPipeline* pipeline, const SourceInfo& source) {
  if (pipeline && controller(*pipeline)) return true;
  try {
    if (!pipeline) throw Error("no detector is running (Turbo enhances a jde: network)");
    pipeline->setTurbo(kEnhancerSpec);
    TurboController* turbo = pipeline->turbo();
    if (!turbo) throw Error("detector " + pipeline->detectorName() + " gave no Turbo controller");
    if (!thresholdSet_) config_.hardThreshold = turbo->cardHardThreshold();
    // The latency profile (≤ 3 s when this device has none cached) now, not on the live feed's next frame.
    if (source.width > 0 && source.height > 0) pipeline->warmUp(cv::Size(source.width, source.height));
  } catch (const std::exception& e) {
    if (pipeline) {
      try {
        pipeline->setTurbo("");
      } catch (const std::exception&) {
        // nothing loaded: nothing to drop
      }
    }
    loaded_ = false;
    messages_.emplace_back(EngineEvent::Type::Warning, std::string("Turbo stays off (turbo.enabled = 0): ") + e.what());
    return false;
  }
  loaded_ = true;
  summary_.loaded = true;
  summary_.model = kEnhancerSpec;
  summary_.gainProfile = pipeline->turbo()->gain().table();
  summary_.clearTotals();
  scoreboard_.reset();
  scoresDirty_ = false;
  messages_.emplace_back(EngineEvent::Type::Info, std::string("Turbo on: enhancer ") + kEnhancerSpec + " for " +
                                                      pipeline->detectorName() + ", hard threshold " +
                                                      fixed(config_.hardThreshold) +
                                                      (thresholdSet_ ? " (operator's)" : " (the card's)"));
  return true;
}

TurboController* TurboModule::controller(TrackingPipeline& pipeline) const {
  return loaded_ ? pipeline.turbo() : nullptr;
}

void TurboModule::pipelineDropped() {
  if (!loaded_) return;
  loaded_ = false;
  summary_.loaded = false;
  summary_.model.clear();
  summary_.gainProfile.clear();
  if (config_.enabled) {
    messages_.emplace_back(EngineEvent::Type::Warning,
                           "the detector changed: Turbo's enhancer was dropped (turbo.enabled = 0)");
  }
  config_.enabled = false;
  summary_.enabled = false;
}

void TurboModule::restart() {
  lastImage_.release();
  lastFrame_ = 0;
  summary_.clearTotals();
  scoreboard_.reset();
  scoresDirty_ = false;
}

void TurboModule::frameRead(SourceFrame& frame, const SourceInfo& source) {
  try {
    degrade_.degrade(frame, source.fps);
  } catch (const std::exception& e) {
    frame.degradation = FrameDegradation{};
    const double now = Stopwatch::nowMs();
    if (now - lastDegradeWarningMs_ >= kFallbackWarningPeriodMs) {
      lastDegradeWarningMs_ = now;
      messages_.emplace_back(EngineEvent::Type::Warning,
                             "degrade: frame " + std::to_string(frame.frame.number) + " left clean: " + e.what());
    }
  }
}

void TurboModule::beforeTrack(const FrameSnapshot& snapshot, const FrameTiming& timing, TrackingPipeline& pipeline) {
  TurboController* turbo = controller(pipeline);
  if (!turbo || !turbo->config().enabled) return;
  const bool tracksPredictPeople = !pipeline.predictTracks(snapshot.frame.number).empty();
  turbo->beginFrame(timing.dueMs, timing.nextDueMs, timing.intervalMs, tailMs_, tracksPredictPeople);
}

void TurboModule::afterTrack(const TrackingPipeline::Result& result, FrameSnapshot& snapshot,
                             TrackingPipeline& pipeline) {
  const double tail = result.latency.stageMs("embed") + result.latency.stageMs("track");
  tailMs_ = (1.0 - kTailAlpha) * tailMs_ + kTailAlpha * tail;
  lastImage_ = snapshot.frame.image;  // a reference, no copy: the snapshot is published read-only
  lastFrame_ = snapshot.frame.number;
  snapshot.turbo = result.turbo;
  snapshot.plainDetections = result.plainDetections;
  snapshot.plainKnown = result.plainKnown && result.turbo.exit > 0;
  if (!result.turbo.active) return;
  summary_.add(result.turbo, config_.hardThreshold);
  if (snapshot.hasGroundTruth) {
    scoreboard_.addFrame(snapshot.frame.number, snapshot.groundTruth, result.detections, result.plain(),
                         result.turbo.difficulty >= config_.hardThreshold, TurboController::kScoreFloor);
    scoresDirty_ = true;
  }
  if (result.turbo.fellBack) noteFallback(snapshot.frame.number);
  if (TurboController* turbo = controller(pipeline)) refreshLatency(*turbo);
}

void TurboModule::noteFallback(std::int64_t frame) {
  ++unreportedFallbacks_;
  const double now = Stopwatch::nowMs();
  if (now - lastFallbackWarningMs_ < kFallbackWarningPeriodMs) return;
  lastFallbackWarningMs_ = now;
  messages_.emplace_back(EngineEvent::Type::Warning,
                         "Turbo: the enhancer's output was not finite on frame " + std::to_string(frame) +
                             "; the plain detections were kept (" + std::to_string(unreportedFallbacks_) +
                             " such frame(s) since the last warning, " + std::to_string(summary_.fallbacks) +
                             " since open)");
  unreportedFallbacks_ = 0;
}

void TurboModule::refreshLatency(TurboController& turbo) {
  const LatencyProfile& profile = turbo.latency();
  if (!profile.isStale()) return;
  double low = 1e300, high = 0.0;
  for (int rung = 0; rung < profile.rungCount(); ++rung) {
    for (int exit = 0; exit <= profile.maxExit(); ++exit) {
      if (profile.observationCount(rung, exit) < LatencyProfile::kStaleMinObservations) continue;
      low = std::min(low, profile.correctionFactor(rung, exit));
      high = std::max(high, profile.correctionFactor(rung, exit));
    }
  }
  const std::string key = profile.key();
  turbo.setLatency(remeasured(profile));  // replaces the profile `profile` refers to
  messages_.emplace_back(EngineEvent::Type::Info,
                         "Turbo: latency profile " + key + " was stale (exits ran at " + fixed(low) + "× to " +
                             fixed(high) + "× the profiled times): re-profiled from the measured exit times");
}

void TurboModule::fillStatus(EngineStatus& status) const {
  if (scoresDirty_) {  // pooled AP sorts every detection so far: once per status, not per frame
    summary_.scoredFrames = scoreboard_.frames();
    summary_.ap50Plain = scoreboard_.ap50Plain();
    summary_.ap50Turbo = scoreboard_.ap50Turbo();
    summary_.recovered = scoreboard_.recovered();
    summary_.lost = scoreboard_.lost();
    scoresDirty_ = false;
  }
  status.turbo = summary_;
}

bool TurboModule::command(const EngineCommand& command, TrackingPipeline* pipeline, std::vector<EngineEvent>& replies) {
  if (command.name != kEnhanceFrameCommand) return false;
  replies.push_back(enhanceLastFrame(pipeline));
  return true;
}

EngineEvent TurboModule::enhanceLastFrame(TrackingPipeline* pipeline) {
  if (!pipeline) throw Error("no detector is running (Turbo enhances a jde: network's frames)");
  if (!pipeline->hasDeepScale())
    throw Error("detector " + pipeline->detectorName() + " has no Turbo enhancer (only jde: networks have one)");
  if (!controller(*pipeline))
    throw Error("no Turbo enhancer is loaded for " + pipeline->detectorName() +
                " (turbo.enabled = 1 loads turbo_<detector>.json)");
  if (lastImage_.empty()) throw Error("no frame to enhance yet (step once after opening or seeking)");
  const double startMs = Stopwatch::nowMs();
  cv::Mat enhanced = pipeline->enhancedImage(lastImage_);
  const double spentMs = Stopwatch::nowMs() - startMs;
  if (enhanced.empty()) throw Error("the enhancer gave no image for frame " + std::to_string(lastFrame_));
  const int exit = pipeline->turbo()->gain().maxExit();
  EngineEvent event;
  event.type = EngineEvent::Type::Images;
  event.command = kEnhanceFrameCommand;
  event.frame = lastFrame_;
  const std::string size = std::to_string(enhanced.cols) + "×" + std::to_string(enhanced.rows);
  event.message = "Turbo: frame " + std::to_string(lastFrame_) + " enhanced at the full exit (" + std::to_string(exit) +
                  ", " + size + ") in " + fixed(spentMs, "%.1f") + " ms";
  event.images.emplace_back("original (frame " + std::to_string(lastFrame_) + ")", lastImage_.clone());
  event.images.emplace_back("enhanced (exit " + std::to_string(exit) + ", " + size + ")", std::move(enhanced));
  return event;
}

std::vector<EngineModule::Message> TurboModule::takeMessages() {
  std::vector<Message> taken;
  taken.swap(messages_);
  return taken;
}

}  // namespace edgescope
