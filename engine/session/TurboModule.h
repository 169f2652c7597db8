#pragma once
/// @file TurboModule.h
/// Turbo (issue 21, paper 004) in an EngineSession: the turbo.* knobs (TurboConfig) and the degrade.* knobs
/// (DegradeKnobs), composed into the engine as an EngineModule.
///  - degrade.*: every frame read is degraded in the engine thread (DegradationSchedule with seed 1, the knobs' share,
///    kinds and strength S:S; ImageDegrader), before pacing; SourceFrame::degradation says how, GT is untouched.
///  - turbo.enabled = 1 loads the enhancer "auto" (turbo_<model>.json beside the jde: model) into the pipeline when
///    none is loaded, warms its latency profile up at the source's size, and hands it the operator's knobs; the
///    hard threshold comes from the card unless the operator set one. A load failure (no pipeline, a detector
///    without an enhancer, missing or corrupt files) is a Warning naming the files and turbo.enabled is echoed 0;
///    tracking goes on. turbo.enabled = 0 keeps the enhancer loaded, off. A detector change drops it (Warning).
///  - before each frame: TurboController::beginFrame(due, next due, T = one frame interval, tail = EWMA of the
///    measured embed + track stages, live tracks predict people); after it: FrameSnapshot::turbo (and, with
///    turbo.compare, FrameSnapshot::plainDetections), the status totals (EngineStatus::turbo; with GT, AP50 plain
///    vs Turbo and recovered/lost people over the frames whose plain detections are known), a Warning at most every 5 s
///    while the enhancer's output is not finite, and an Info when a stale latency profile is re-profiled from the
///    measured exit times.
///  - ModuleCommand kEnhanceFrameCommand ("Enhance this frame" while paused): the deepest exit's enhanced image of the
///    last frame tracked, beside a copy of that frame, as one Images event; an Error (a Warning event) when no
///    detector runs, it is not a jde: network, no enhancer is loaded or no frame was tracked since open/seek.
///
/// Thread: the owning session's engine thread (EngineModule).

#include <string>
#include <vector>

#include "degrade/DegradeKnobs.h"
#include "session/EngineModule.h"
#include "turbo/TurboConfig.h"
#include "turbo/TurboScoreboard.h"
#include "turbo/TurboSummary.h"

namespace edgescope {

class TurboController;

class TurboModule : public EngineModule {
 public:
  /// The enhancer spec turbo.enabled loads (PipelineConfig::turboSpec).
  static constexpr const char* kEnhancerSpec = "auto";
  /// At most one fallback Warning (non-finite enhancer output) per this many ms.
  static constexpr double kFallbackWarningPeriodMs = 5000.0;
  /// Weight of the newest frame in the tail (embed + track) EWMA.
  static constexpr double kTailAlpha = 0.2;
  /// ModuleCommand name: enhance the last frame tracked at the full exit.
  static constexpr const char* kEnhanceFrameCommand = "turbo.enhanceFrame";

  std::vector<ParameterSpec> parameterSpecs() const override;
  double apply(const std::string& id, double value, TrackingPipeline* pipeline, const SourceInfo& source) override;
  double value(const std::string& id) const override;
  void pipelineDropped() override;
  void restart() override;
  void frameRead(SourceFrame& frame, const SourceInfo& source) override;
  void beforeTrack(const FrameSnapshot& snapshot, const FrameTiming& timing, TrackingPipeline& pipeline) override;
  void afterTrack(const TrackingPipeline::Result& result, FrameSnapshot& snapshot, TrackingPipeline& pipeline) override;
  void fillStatus(EngineStatus& status) const override;
  bool command(const EngineCommand& command, TrackingPipeline* pipeline, std::vector<EngineEvent>& replies) override;
  std::vector<Message> takeMessages() override;

 private:
  /// turbo.enabled: loads the enhancer when needed; false (and a Warning) when it cannot.
  bool enable(TrackingPipeline* pipeline, const SourceInfo& source);
  /// The enhancer's controller when one is loaded and still in @p pipeline, else null.
  TurboController* controller(TrackingPipeline& pipeline) const;
  /// Warns about non-finite enhancer output, at most every kFallbackWarningPeriodMs.
  void noteFallback(std::int64_t frame);
  /// Re-profiles a stale latency profile from the measured exit times (Info).
  void refreshLatency(TurboController& controller);
  /// kEnhanceFrameCommand's Images event; throws Error saying what is missing.
  EngineEvent enhanceLastFrame(TrackingPipeline* pipeline);

  TurboConfig config_;          ///< the operator's turbo.* knobs (kept across pipelines)
  bool thresholdSet_ = false;   ///< the operator set turbo.hardThreshold (the card's does not override it)
  bool loaded_ = false;         ///< an enhancer was loaded into the current pipeline
  DegradeKnobs degrade_;
  double tailMs_ = 1.0;         ///< EWMA of the measured embed + track ms
  mutable TurboSummary summary_;  ///< fillStatus() refreshes its scores from scoreboard_
  TurboScoreboard scoreboard_;    ///< plain vs Turbo on frames with GT
  mutable bool scoresDirty_ = false;
  double lastFallbackWarningMs_ = -1e300;
  std::int64_t unreportedFallbacks_ = 0;
  double lastDegradeWarningMs_ = -1e300;
  std::vector<Message> messages_;
  cv::Mat lastImage_;           ///< the last frame tracked (shares the published snapshot's pixels; never written)
  std::int64_t lastFrame_ = 0;  ///< its number, 0 when none since open/seek
};

}  // namespace edgescope
