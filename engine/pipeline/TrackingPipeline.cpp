#include "pipeline/TrackingPipeline.h"

#include <opencv2/imgproc.hpp>

#include "core/Stopwatch.h"
#include "detect/Detector.h"
#include "detect/DetectorFactory.h"
#include "deepscale/DeepScaleGovernor.h"
#include "detect/Embedder.h"
#include "detect/ScalableDetector.h"
#include "detect/EmbedderFactory.h"
#include "track/MultiObjectTracker.h"
#include "util/Error.h"

namespace edgescope {

TrackingPipeline::TrackingPipeline(const PipelineConfig& config)
    : config_(config),
      detector_(DetectorFactory::create(config.detectorSpec)),
      embedder_(config.embedderSpec.empty() ? nullptr : EmbedderFactory::create(config.embedderSpec)),
      tracker_(nullptr) {
  scalable_ = dynamic_cast<ScalableDetector*>(detector_.get());
  // A JDE detector brings its own embeddings: track in JDE mode without a separate embedder, unless the caller chose
  // the mode explicitly (track.appearance).
  if (scalable_ && scalable_->providesEmbeddings() && config_.trackerOverrides.count("track.appearance") == 0)
    config_.tracker.mode = TrackerMode::Jde;
  if (scalable_) {
    for (const auto& [id, value] : scalable_->trackerDefaults()) {
      if (config_.trackerOverrides.count(id) != 0) continue;
      try {
        appliedTrackerDefaults_[id] = config_.tracker.apply(id, value);
      } catch (const Error&) {
        // An id this build does not know (newer model card): ignore it.
      }
    }
  }
  tracker_ = std::make_unique<MultiObjectTracker>(config_.tracker);
  if (scalable_) {
    governor_ = std::make_unique<DeepScaleGovernor>(ResolutionLadder(), config_.deepscale);
    governor_->setBinarizeThreshold(config_.deepscaleBinarize);
  }
  if (!config_.turboSpec.empty()) setTurbo(config_.turboSpec);
}

TurboController* TrackingPipeline::turbo() { return scalable_ ? scalable_->turbo() : nullptr; }

cv::Mat TrackingPipeline::enhancedImage(const cv::Mat& image) {
  return scalable_ ? scalable_->enhancedImage(image) : cv::Mat();
}

void TrackingPipeline::setTurbo(const std::string& spec) {
  if (spec.empty()) {
    if (scalable_) scalable_->disableTurbo();
    return;
  }
  if (!scalable_) throw Error("detector " + detector_->name() + " has no Turbo enhancer (only jde: networks have one)");
  scalable_->enableTurbo(spec);
  config_.turboSpec = spec;
}

TrackingPipeline::~TrackingPipeline() = default;

TrackingPipeline::Result TrackingPipeline::process(const Frame& frame) {
  Result result;
  if (frame.number <= lastFrame_) reset();
  lastFrame_ = frame.number;
  Stopwatch clock;
  if (governor_) {
    const cv::Size size = frame.image.size();
    if (size != ladderSource_ && ResolutionLadder::supports(size)) {
      governor_->setLadder(ResolutionLadder::fromSource(size));
      ladderSource_ = size;
    }
    if (size == ladderSource_) {
      const DeepScaleDecision decision = governor_->onFrame(frame.number);
      scalable_->setInputSize(decision.size);
      scalable_->setDetectabilityRequested(decision.reselect);
      result.deepscale = {true, decision.size.width, decision.size.height, decision.rungIndex, decision.reselect};
    } else {
      scalable_->setInputSize({});  // too small for a ladder: run at the frame's own size
      scalable_->setDetectabilityRequested(false);
    }
  }
  result.detections = detector_->detect(frame.image);
  if (result.deepscale.reselected && static_cast<int>(scalable_->detectability().size()) == governor_->ladder().size())
    governor_->submitHeatmaps(scalable_->detectability());
  const double detectMs = clock.elapsedMs();
  if (TurboController* turbo = this->turbo(); turbo && turbo->config().enabled) {
    result.turbo = turbo->last();
    result.plainKnown = result.turbo.exit == 0 || scalable_->hasPlainDetections();
    if (scalable_->hasPlainDetections()) result.plainDetections = scalable_->plainDetections();
    // Turbo's stages out of the detector's time: the encoder pass and heads stay "detect".
    result.latency.add("detect", std::max(0.0, detectMs - result.turbo.discriminateMs - result.turbo.spentMs));
    result.latency.add("discriminate", result.turbo.discriminateMs);
    result.latency.add("enhance", result.turbo.spentMs);
  } else {
    result.latency.add("detect", detectMs);
  }
  embedAndTrack(frame, result);
  return result;
}

void TrackingPipeline::embedAndTrack(const Frame& frame, Result& result) {
  Stopwatch clock;
  if (embedder_) {
    embedder_->embed(frame.image, result.detections);
    result.latency.add("embed", clock.elapsedMs());
    clock.restart();
  }
  result.tracks = tracker_->update(result.detections, frame.number);
  result.latency.add("track", clock.elapsedMs());
}

TrackingPipeline::Result TrackingPipeline::processAt(const Frame& frame, cv::Size inputSize) {
  Result result;
  if (frame.number <= lastFrame_) reset();
  lastFrame_ = frame.number;
  Stopwatch clock;
  result.detections = detectAt(frame.image, inputSize, &result.deepscale);
  result.latency.add("detect", clock.elapsedMs());
  embedAndTrack(frame, result);
  return result;
}

std::vector<Detection> TrackingPipeline::detectAt(const cv::Mat& image, cv::Size inputSize, DeepScaleFrame* ran) {
  const bool resize = !inputSize.empty() && inputSize != image.size();
  if (scalable_) {
    scalable_->setInputSize(resize ? inputSize : cv::Size());
    scalable_->setDetectabilityRequested(false);
    std::vector<Detection> detections = detector_->detect(image);
    const cv::Size size = resize ? inputSize : image.size();
    if (ran) *ran = {true, size.width, size.height, 0, false};
    return detections;
  }
  if (!resize) return detector_->detect(image);
  cv::Mat scaled;
  cv::resize(image, scaled, inputSize, 0, 0, cv::INTER_AREA);
  std::vector<Detection> detections = detector_->detect(scaled);
  const float sx = static_cast<float>(image.cols) / inputSize.width;
  const float sy = static_cast<float>(image.rows) / inputSize.height;
  for (Detection& detection : detections) {
    detection.box = {detection.box.x * sx, detection.box.y * sy, detection.box.width * sx, detection.box.height * sy};
  }
  return detections;
}

std::vector<Track> TrackingPipeline::predictTracks(std::int64_t frameNumber) const {
  return tracker_ ? tracker_->predict(frameNumber) : std::vector<Track>{};
}

TrackingPipeline::Result TrackingPipeline::trackDetections(const Frame& frame, std::vector<Detection> detections) {
  Result result;
  if (frame.number <= lastFrame_) reset();
  lastFrame_ = frame.number;
  Stopwatch clock;
  result.detections = std::move(detections);
  result.tracks = tracker_->update(result.detections, frame.number);
  result.latency.add("track", clock.elapsedMs());
  return result;
}

TrackingPipeline::Result TrackingPipeline::processDetections(const Frame& frame, std::vector<Detection> detections) {
  Result result;
  if (frame.number <= lastFrame_) reset();
  lastFrame_ = frame.number;
  result.detections = std::move(detections);
  embedAndTrack(frame, result);
  return result;
}

int TrackingPipeline::warmUp(cv::Size frameSize) {
  if (!scalable_) return 0;
  scalable_->warmUpTurbo(frameSize);
  return warmUp_.run(*scalable_, frameSize);
}

void TrackingPipeline::reset() {
  tracker_->reset();
  if (governor_) governor_->restart();
  lastFrame_ = 0;
}

void TrackingPipeline::holdAppearance(int frames) { tracker_->holdAppearance(frames); }

double TrackingPipeline::setDeepScaleParameter(const std::string& id, double value) {
  if (!governor_) throw Error("detector " + detector_->name() + " has no DeepScale support (parameter " + id + ")");
  const double applied = governor_->apply(id, value);
  config_.deepscale = governor_->config();
  return applied;
}

void TrackingPipeline::setDeepScaleBinarize(double threshold) {
  config_.deepscaleBinarize = threshold;
  if (governor_) governor_->setBinarizeThreshold(threshold);
}

DeepScaleStatus TrackingPipeline::deepScaleStatus() const {
  DeepScaleStatus status;
  if (!governor_) return status;
  status.active = true;
  status.adaptive = governor_->config().mode == DeepScaleMode::Adaptive;
  for (const cv::Size& rung : governor_->ladder().rungs()) status.rungLabels.push_back(ResolutionLadder::label(rung));
  status.chosenRung = governor_->config().mode == DeepScaleMode::Adaptive ? governor_->chosenRung()
                                                                          : governor_->config().fixedIndex;
  if (governor_->hasSelection()) status.lastScores = governor_->lastSelection().scores;
  for (const cv::Size& rung : governor_->ladder().rungs()) status.histogram.push_back(governor_->histogram().fraction(rung));
  status.histogramFrames = governor_->histogram().totalFrames();
  status.selections = governor_->selectionCount();
  return status;
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
