#include "pipeline/TrackingPipeline.h"

#include "core/Stopwatch.h"
#include "detect/Detector.h"
#include "detect/DetectorFactory.h"
#include "detect/Embedder.h"
#include "detect/EmbedderFactory.h"
#include "track/MultiObjectTracker.h"

namespace edgescope {

TrackingPipeline::TrackingPipeline(const PipelineConfig& config)
    : config_(config),
      detector_(DetectorFactory::create(config.detectorSpec)),
      embedder_(config.embedderSpec.empty() ? nullptr : EmbedderFactory::create(config.embedderSpec)),
      tracker_(std::make_unique<MultiObjectTracker>(config.tracker)) {}

TrackingPipeline::~TrackingPipeline() = default;

TrackingPipeline::Result TrackingPipeline::process(const Frame& frame) {
  Result result;
  if (frame.number <= lastFrame_) reset();
  lastFrame_ = frame.number;
  Stopwatch clock;
  result.detections = detector_->detect(frame.image);
  result.latency.add("detect", clock.elapsedMs());
  if (embedder_) {
    clock.restart();
    embedder_->embed(frame.image, result.detections);
    result.latency.add("embed", clock.elapsedMs());
  }
  clock.restart();
  result.tracks = tracker_->update(result.detections, frame.number);
  result.latency.add("track", clock.elapsedMs());
  return result;
}

void TrackingPipeline::reset() {
  tracker_->reset();
  lastFrame_ = 0;
}

double TrackingPipeline::setTrackerParameter(const std::string& id, double value) {
  const double applied = config_.tracker.apply(id, value);
  tracker_->setConfig(config_.tracker);
  return applied;
}

void TrackingPipeline::setFrameRate(double fps) {
  if (fps <= 0) return;
  config_.tracker.frameRateFps = fps;
  tracker_->setConfig(config_.tracker);
}

std::vector<MotRow> TrackingPipeline::toMotRows(const std::vector<Track>& tracks, std::int64_t frame) {
  std::vector<MotRow> rows;
  rows.reserve(tracks.size());
  for (const auto& track : tracks) {
    MotRow row;
    row.frame = frame;
    row.id = track.id;
    row.box = track.box;
    row.confidence = track.score;
    rows.push_back(row);
  }
  return rows;
}

std::string TrackingPipeline::detectorName() const { return detector_->name(); }
std::string TrackingPipeline::embedderName() const { return embedder_ ? embedder_->name() : std::string(); }

}  // namespace edgescope
