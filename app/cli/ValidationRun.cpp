#include "cli/ValidationRun.h"

#include "core/Stopwatch.h"
#include "eval/FrameRange.h"
#include "eval/MotEvaluator.h"
#include "neural/TrainingSetLoader.h"
#include "pipeline/TrackingPipeline.h"
#include "source/SourceFactory.h"
#include "source/VideoSource.h"
#include "util/Error.h"

namespace edgescope {

std::map<std::string, double> ValidationRun::run(const std::string& detectorSpec, const std::string& dataSpec,
                                                 const std::map<std::string, double>& tracker) {
  const TrainingSetLoader::Spec spec = TrainingSetLoader::parseSpec(dataSpec);
  auto source = SourceFactory::open(spec.source, spec.gtPath);
  if (!source->info().hasGroundTruth && source->groundTruth() == nullptr) throw Error("validation data '" + dataSpec + "' has no ground truth (gt=PATH)");
  PipelineConfig config;
  config.detectorSpec = detectorSpec;
  config.tracker.frameRateFps = source->info().fps > 0 ? source->info().fps : 30.0;
  for (const auto& [id, value] : tracker) {
    config.tracker.apply(id, value);
    config.trackerOverrides.insert(id);
  }
  TrackingPipeline pipeline(config);
  if (spec.first > 1 && source->info().kind != "file") source->seek(spec.first);
  FrameRange range;
  range.first = spec.first;
  if (spec.last > 0) range.last = spec.last;
  std::vector<MotRow> results, groundTruth;
  SourceFrame frame;
  std::int64_t frames = 0;
  Stopwatch clock;
  while (source->read(frame, 10000) == ReadStatus::Frame) {
    if (frame.frame.number < range.first) continue;
    if (frame.frame.number > range.last) break;
    const auto result = pipeline.process(frame.frame);
    const auto rows = TrackingPipeline::toMotRows(result.tracks, frame.frame.number);
    results.insert(results.end(), rows.begin(), rows.end());
    groundTruth.insert(groundTruth.end(), frame.groundTruth.begin(), frame.groundTruth.end());
    ++frames;
  }
  if (frames == 0) throw Error("validation data '" + dataSpec + "' gave no frames");
  const double seconds = clock.elapsedMs() / 1000.0;
  const MotMetrics metrics = MotEvaluator::evaluate(groundTruth, results, range);
  return {{"MOTA", metrics.mota},
          {"IDF1", metrics.idf1},
          {"HOTA", metrics.hota.hota},
          {"fps", static_cast<double>(frames) / std::max(seconds, 1e-9)},
          {"frames", static_cast<double>(frames)}};
}

}  // namespace edgescope
