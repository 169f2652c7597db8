#include "cli/TrackRecording.h"

#include <cmath>

#include "deepscale/DeepScaleConfig.h"
#include "record/ManifestFactory.h"
#include "record/ParaLoupeRecord.h"
#include "record/SnapshotRecord.h"
#include "session/EngineRecording.h"

namespace edgescope {
namespace {

constexpr std::int64_t kMetricsEveryFrames = 25;

/// The tracker's applied settings (and DeepScale's when the detector supports it), by parameter id, on the knobs'
/// step grid as the console shows them (the tracker keeps some as floats: 0.45f reads back as 0.449999988).
std::map<std::string, double> appliedParameters(const TrackingPipeline& pipeline) {
  std::map<std::string, double> values;
  for (const auto& spec : TrackerConfig::parameterSpecs()) {
    values[spec.id] = spec.sanitize(pipeline.config().tracker.value(spec.id));
  }
  if (pipeline.hasDeepScale()) {
    for (const auto& spec : DeepScaleConfig::parameterSpecs()) {
      values[spec.id] = spec.sanitize(pipeline.config().deepscale.value(spec.id));
    }
  }
  return values;
}

}  // namespace

TrackRecording::TrackRecording(const std::string& folder, const SourceInfo& source, const std::string& groundTruthPath,
                               const TrackingPipeline& pipeline)
    : recorder_(folder, ManifestFactory::make("edgescope-cli", source, groundTruthPath, &pipeline,
                                              appliedParameters(pipeline))) {
  recorder_.recordInitialParameters(0);
  if (source.hasGroundTruth) {
    live_ = std::make_unique<MetricsAccumulator>();
    live_->beginSequence(source.name);
  }
}

void TrackRecording::addFrame(std::int64_t frameNumber, double decodeMs, const TrackingPipeline::Result& result,
                              const std::vector<MotRow>& groundTruth, const std::vector<MotRow>& hypRows,
                              const PartitionFrame* partition, const FrameDegradation& degradation) {
  LatencyBreakdown latency;
  latency.add("decode", decodeMs);
  for (const auto& stage : result.latency.stages()) latency.add(stage.first, stage.second);
  RecordedFrame recorded =
      SnapshotRecord::make(frameNumber, recorder_.elapsedS(), latency, result.deepscale,
                           static_cast<int>(result.detections.size()), static_cast<int>(result.tracks.size()));
  SnapshotRecord::addTurbo(recorded, result.turbo, degradation);
  if (partition && partition->paraloupe.active) {
    ParaLoupeRecord::appendFrame(recorder_, frameNumber, partition->paraloupe);  // before the frame's line
    recorded.moduleFields = ParaLoupeRecord::frameFields(partition->paraloupe);
  }
  recorder_.recordFrame(recorded, result.tracks);
  lastFrame_ = frameNumber;
  if (!live_) return;
  try {
    // Like MotEvaluator: only frames with a row to score, so the counts match `track --json`.
    if (!groundTruth.empty() || !hypRows.empty()) live_->addFrame(frameNumber, groundTruth, hypRows);
  } catch (const std::exception& e) {
    recorder_.recordEvent("warning", std::string("live metrics stopped: ") + e.what());
    live_.reset();
    return;
  }
  if (recorder_.framesRecorded() % kMetricsEveryFrames == 0) {
    recorder_.recordMetrics({frameNumber, recorder_.elapsedS(), live_->compute()});
  }
}

void TrackRecording::addNodes(std::int64_t frameNumber, const std::vector<ClusterNodeView>& nodes) {
  const double timeS = recorder_.elapsedS();
  ParaLoupeRecord::appendNodes(recorder_, timeS, frameNumber, nodes);
  nextNodesS_ = (std::floor(timeS / ParaLoupeRecord::kNodesPeriodS) + 1.0) * ParaLoupeRecord::kNodesPeriodS;
}

void TrackRecording::finish(const MotMetrics* finalMetrics) {
  if (finalMetrics) recorder_.recordMetrics({lastFrame_, recorder_.elapsedS(), *finalMetrics});
  recorder_.finish();
}

void TrackRecording::recordError(const std::string& message) {
  try {
    recorder_.recordEvent("error", message);
  } catch (const std::exception&) {
    // Already failing: the original error is what the user must see.
  }
}

void TrackRecording::addModuleLines(std::int64_t frameNumber, const std::vector<ModuleRecordLine>& lines) {
  EngineRecording::appendModuleLines(recorder_, frameNumber, lines);
}

}  // namespace edgescope
