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
///    turbo.compare, FrameSnapshot::plainDetections), the status totals
///    (EngineStatus::turbo), a Warning at most every 5 s while the enhancer's output is not finite, and an Info when a
///    stale latency profile is re-profiled from the measured exit times.
///
/// Thread: the owning session's engine thread (EngineModule).

#include <string>
#include <vector>

#include "degrade/DegradeKnobs.h"
#include "session/EngineModule.h"
#include "turbo/TurboConfig.h"
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

  std::vector<ParameterSpec> parameterSpecs() const override;
  double apply(const std::string& id, double value, TrackingPipeline* pipeline, const SourceInfo& source) override;
  double value(const std::string& id) const override;
  void pipelineDropped() override;
  void restart() override;
  void frameRead(SourceFrame& frame, const SourceInfo& source) override;
  void beforeTrack(const FrameSnapshot& snapshot, const FrameTiming& timing, TrackingPipeline& pipeline) override;
  void afterTrack(const TrackingPipeline::Result& result, FrameSnapshot& snapshot, TrackingPipeline& pipeline) override;
  void fillStatus(EngineStatus& status) const override;
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

  TurboConfig config_;          ///< the operator's turbo.* knobs (kept across pipelines)
  bool thresholdSet_ = false;   ///< the operator set turbo.hardThreshold (the card's does not override it)
  bool loaded_ = false;         ///< an enhancer was loaded into the current pipeline
  DegradeKnobs degrade_;
  double tailMs_ = 1.0;         ///< EWMA of the measured embed + track ms
  TurboSummary summary_;
  double lastFallbackWarningMs_ = -1e300;
  std::int64_t unreportedFallbacks_ = 0;
  double lastDegradeWarningMs_ = -1e300;
  std::vector<Message> messages_;
};

}  // namespace edgescope
