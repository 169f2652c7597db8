#include "cli/ParaLoupeBaselines.h"

#include <filesystem>

#include "core/Stopwatch.h"
#include "deepscale/ResolutionLadder.h"
#include "paraloupe/ParaLoupeConfig.h"
#include "paraloupe/PatchAggregator.h"
#include "paraloupe/PatchCropper.h"
#include "paraloupe/cluster/LocalPatchServer.h"
#include "util/Error.h"
#include "util/Percentile.h"

namespace edgescope {

namespace {

/// A HighConf-style patch around @p box: enlarged by @p margin of its size, widened to the model aspect.
Patch patchAround(const BoundingBox& box, double margin, int id, PatchKind kind) {
  BoundingBox grown = box;
  grown.width = static_cast<float>(box.width * (1.0 + margin));
  grown.height = static_cast<float>(box.height * (1.0 + margin));
  grown.x = box.centerX() - grown.width * 0.5f;
  grown.y = box.centerY() - grown.height * 0.5f;
  Patch patch;
  patch.id = id;
  patch.kind = kind;
  patch.rect = PatchCropper::roundRect(Patch::widenToAspect(grown));
  patch.objectness = 1.0f;
  return patch;
}

}  // namespace

ParaLoupeBaselines::ParaLoupeBaselines(const std::vector<BenchFrame>& frames, bool haveGt, double sloMs,
                                       std::string detector, std::string patchModel, std::string sharedDir,
                                       std::int64_t firstScoredFrame)
    : firstScored_(firstScoredFrame),
      frames_(frames),
      haveGt_(haveGt),
      sloMs_(sloMs),
      detector_(std::move(detector)),
      patchModel_(std::move(patchModel)),
      sharedDir_(std::move(sharedDir)) {}

std::optional<ParaLoupeBenchRow> ParaLoupeBaselines::run(const std::string& row, const DeviceProfile& camera,
                                                         const std::string& cameraName, ProgressLine& progress,
                                                         std::int64_t& done) {
  PipelineConfig config;
  config.detectorSpec = detector_;
  if (row == "full") return runPipeline(row, config, cv::Size(), camera, cameraName, progress, done);
  if (row == "full-small") return runPipeline(row, config, smallRung(camera), camera, cameraName, progress, done);
  if (row == "teacher") {
    const std::filesystem::path models = std::filesystem::path(sharedDir_) / "models";
    const std::string yolox = (models / "yolox_nano.onnx").string(), osnet = (models / "osnet_x0_25_msmt17.onnx").string();
    if (!std::filesystem::exists(yolox) || !std::filesystem::exists(osnet)) {
      messages_.push_back("row teacher skipped: " + yolox + " or " + osnet + " is missing (--shared DIR)");
      done += static_cast<std::int64_t>(frames_.size());
      return std::nullopt;
    }
    config.detectorSpec = "onnx-yolox:" + yolox;
    config.embedderSpec = "onnx-reid:" + osnet;
    config.tracker.mode = TrackerMode::Jde;
    config.tracker.newTrackThresh = 0.8f;  // issue 3's births ≥ 0.8 for the teachers
    return runPipeline(row, config, cv::Size(), camera, cameraName, progress, done);
  }
  if (row == "mini-full") return runPatchModel(row, PatchSource::WholeFrame, camera, cameraName, progress, done);
  if (row == "ep8") return runPatchModel(row, PatchSource::EqualTiles, camera, cameraName, progress, done);
  if (row == "lastdet") return runPatchModel(row, PatchSource::LastTracks, camera, cameraName, progress, done);
  throw Error("--rows: '" + row + "' is not a baseline row");
}

ParaLoupeBenchRow ParaLoupeBaselines::runPipeline(const std::string& row, const PipelineConfig& config,
                                                  cv::Size inputSize, const DeviceProfile& camera,
                                                  const std::string& cameraName, ProgressLine& progress,
                                                  std::int64_t& done) {
  TrackingPipeline pipeline(config);
  pipeline.warmUp(frames_.front().frame.image.size());
  ParaLoupeBenchRow result(inputSize.empty() ? row : row + " " + std::to_string(inputSize.width) + "x" +
                                                          std::to_string(inputSize.height),
                           cameraName, sloMs_, haveGt_, firstScored_);
  for (const BenchFrame& frame : frames_) {
    const Stopwatch clock;
    const TrackingPipeline::Result tracked = pipeline.processAt(frame.frame, inputSize);
    camera.sleepAfterCompute(clock.elapsedMs());
    result.addFrame(frame.frame.number, frame.groundTruth, TrackingPipeline::toMotRows(tracked.tracks, frame.frame.number),
                    clock.elapsedMs());
    progress.update(++done);
  }
  return result;
}

cv::Size ParaLoupeBaselines::smallRung(const DeviceProfile& camera) {
  const cv::Size source = frames_.front().frame.image.size();
  if (!ResolutionLadder::supports(source)) return cv::Size();
  const ResolutionLadder ladder = ResolutionLadder::fromSource(source);
  PipelineConfig config;
  config.detectorSpec = detector_;
  TrackingPipeline pipeline(config);
  pipeline.warmUp(source);
  for (int i = 0; i < ladder.size(); ++i) {
    std::vector<double> ms;
    for (std::size_t f = 0; f < std::min<std::size_t>(8, frames_.size()); ++f) {
      const Stopwatch clock;
      pipeline.detectAt(frames_[f].frame.image, ladder.rung(i));
      ms.push_back(clock.elapsedMs() * camera.computeSlowdown);
    }
    if (Percentile::of(ms, 95.0) <= sloMs_) return ladder.rung(i);
  }
  messages_.push_back("full-small: no rung meets the SLO on this camera; the smallest ran");
  return ladder.rung(ladder.size() - 1);
}

ParaLoupeBenchRow ParaLoupeBaselines::runPatchModel(const std::string& row, PatchSource source,
                                                    const DeviceProfile& camera, const std::string& cameraName,
                                                    ProgressLine& progress, std::int64_t& done) {
  LocalPatchServer server(patchModel_, 0, camera.computeSlowdown);
  PipelineConfig config;
  config.detectorSpec = detector_;
  TrackingPipeline pipeline(config);
  const ParaLoupeConfig defaults;
  PatchAggregatorOptions options;
  options.objectness = static_cast<float>(defaults.objectness);
  options.mergeIou = static_cast<float>(defaults.mergeIou);
  const PatchAggregator aggregator(options);
  const cv::Size middle = server.sizes()[server.sizes().size() / 2];
  const cv::Size largest = server.sizes().back();
  ParaLoupeBenchRow result(row, cameraName, sloMs_, haveGt_, firstScored_);
  std::vector<Track> last;
  for (const BenchFrame& frame : frames_) {
    const cv::Mat& image = frame.frame.image;
    const Stopwatch clock;
    TrackingPipeline::Result tracked;
    if (source == PatchSource::LastTracks && frame.frame.number == frames_.front().frame.number) {
      std::vector<Detection> detections = pipeline.detectAt(image, cv::Size());  // cold start, as PL
      for (Detection& detection : detections) detection.embedding.clear();
      camera.sleepAfterCompute(clock.elapsedMs());
      tracked = pipeline.trackDetections(frame.frame, detections);
    } else {
      std::vector<Patch> patches;
      cv::Size size = middle;
      if (source == PatchSource::WholeFrame) {
        patches.push_back(patchAround({0, 0, float(image.cols), float(image.rows)}, 0.0, 0, PatchKind::Low));
        size = largest;
      } else if (source == PatchSource::EqualTiles) {
        const float w = image.cols / 4.0f, h = image.rows / 2.0f;
        for (int r = 0; r < 2; ++r) {
          for (int c = 0; c < 4; ++c) {
            patches.push_back(patchAround({c * w, r * h, w, h}, 0.0, int(patches.size()), PatchKind::Low));
          }
        }
      } else {
        for (const Track& track : last) {
          patches.push_back(patchAround(track.box, defaults.highConfMargin, int(patches.size()), PatchKind::High));
        }
      }
      std::vector<cv::Mat> crops;
      for (const Patch& patch : patches) crops.push_back(PatchCropper::crop(image, patch.rect, size));
      std::vector<std::vector<PatchPeak>> peaks = server.run(crops);  // sleeps the camera's slowdown itself
      std::vector<PatchOutcome> outcomes;
      for (std::size_t i = 0; i < patches.size(); ++i) outcomes.push_back({patches[i], size, std::move(peaks[i])});
      tracked = pipeline.trackDetections(frame.frame, aggregator.aggregate(outcomes, image.size()));
    }
    last = tracked.tracks;
    result.addFrame(frame.frame.number, frame.groundTruth, TrackingPipeline::toMotRows(tracked.tracks, frame.frame.number),
                    clock.elapsedMs());
    progress.update(++done);
  }
  return result;
}

}  // namespace edgescope
