// edgescope-cli track --source URI [--gt GT.txt] [--detector SPEC] [--reid SPEC] [--frames A:B] [--out RESULTS.txt]
//                     [--json] [--resolution WxH | --adaptive C1|C2|C3 [--k N] [--gamma a,b,c,d]] [--binarize F]
//                     [--record DIR] [--metrics ADDR] [--degrade SPEC]
//                     [--ams local|tcp://HOST:PORT#KEY [--ams-state DIR] [--link PROFILE] [--ams-set ID=V,…]]
// The default detector is the project's own JDE model (models/) when there is one, else hog. DeepScale options
// need a jde: detector.
// Runs detector → embedder → tracker headless in offline mode over frames A..B, writes MOTChallenge results, and
// prints frames, fps (model loading excluded), per-stage latency percentiles and, with GT, the metrics of `eval`.
// --record DIR writes a session folder (record/SessionData.h) as the console's recording does (TrackRecording).
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>

#include "cli/Commands.h"
#include "cli/DeepScaleOptions.h"
#include "cli/HelpTexts.h"
#include "cli/ProgressLine.h"
#include "cli/TrackAms.h"
#include "cli/TrackEnhance.h"
#include "cli/TrackRecording.h"
#include "cli/TrackTurbo.h"
#include "common/CommandLine.h"
#include "core/Stopwatch.h"
#include "degrade/DegradedSource.h"
#include "eval/DetectionAccumulator.h"
#include "eval/FrameRange.h"
#include "eval/MetricsJson.h"
#include "eval/MetricsTable.h"
#include "eval/MotEvaluator.h"
#include "metrics/PipelineExporter.h"
#include "mot/MotFile.h"
#include "pipeline/TrackingPipeline.h"
#include "source/SourceFactory.h"
#include "util/Error.h"
#include "util/JsonDocument.h"
#include "util/Percentile.h"

#include <nlohmann/json.hpp>

namespace edgescope {
namespace {

/// "--tracker highScore=0.4,track.buffer=60": TrackerConfig knobs by id (the "track." prefix is optional).
void applyTrackerOptions(const std::string& text, PipelineConfig& pipeline) {
  for (const auto& [id, value] : CommandLine::parseAssignments(text, "--tracker", "track.")) {
    pipeline.tracker.apply(id, value);
    pipeline.trackerOverrides.insert(id);
  }
}

struct TrackOptions {
  std::string source;
  std::string gt;
  std::string detector;  ///< empty: DeepScaleOptions::defaultDetector()
  std::string reid;
  std::string frames;
  std::string out;
  std::string tracker;
  std::string record;
  std::string metricsAddress;  ///< --metrics ADDR: serve Prometheus metrics there; empty: off
  std::string degrade;         ///< --degrade SPEC (degrade/DegradationSpec.h); empty: off
  bool json = false;
  DeepScaleOptions deepscale;
  TrackTurboOptions turbo;
  TrackEnhanceOptions enhance;  ///< --enhance: a baseline on hard frames instead of Turbo (TrackEnhance)
  TrackAmsOptions ams;          ///< --ams: model updates streamed from a node (TrackAms)
};

int runTrack(const TrackOptions& options) {
  const FrameRange range = FrameRange::parse(options.frames);
  const DegradationSpec degradeSpec = DegradationSpec::parse(options.degrade);
  auto source = SourceFactory::open(options.source, options.gt);
  if (!options.degrade.empty()) source = std::make_unique<DegradedSource>(std::move(source), degradeSpec);
  const SourceInfo& info = source->info();
  if (info.live) throw Error("track runs offline: '" + info.uri + "' is a live source");
  // A video file's frame count is the container's estimate: trust only exact counts (sequences, synthetic).
  const bool exactCount = info.kind != "file" && info.frameCount > 0;
  if (exactCount && range.first > info.frameCount) {
    throw Error("empty frame range: --frames starts at " + std::to_string(range.first) + " but '" + info.name +
                "' has " + std::to_string(info.frameCount) + " frames");
  }
  PipelineConfig config;
  config.detectorSpec = options.detector.empty() ? DeepScaleOptions::defaultDetector() : options.detector;
  options.deepscale.apply(cv::Size(info.width, info.height), config);
  config.embedderSpec = options.reid;
  config.tracker.mode = config.embedderSpec.empty() ? TrackerMode::Byte : TrackerMode::Jde;
  config.tracker.frameRateFps = info.fps > 0 ? info.fps : 30.0;
  applyTrackerOptions(options.tracker, config);
  TrackingPipeline pipeline(config);
  TrackEnhance enhance(options.enhance, options.turbo, pipeline, info);  // checks --enhance against --turbo first
  TrackTurbo turbo(options.turbo, pipeline, info);  // loads the enhancer before the warm-up profiles it
  TrackAms ams(options.ams, pipeline, info);        // joins the node before the first frame
  pipeline.warmUp(cv::Size(info.width, info.height));  // part of loading the model: not in the timed loop below
  enhance.warmUp(cv::Size(info.width, info.height));

  // Position at frame A: sequences and synthetic scenes seek exactly; files decode forward (seeking compressed
  // video by frame index is not exact with every codec).
  SourceFrame frame;
  if (range.first > 1) {
    if (info.kind != "file") {
      if (!source->seek(range.first)) throw Error("cannot seek to frame " + std::to_string(range.first));
    } else {
      for (std::int64_t i = 1; i < range.first; ++i) {
        if (source->read(frame, 0) != ReadStatus::Frame) throw Error("empty frame range: the video ended at frame " + std::to_string(i - 1));
      }
    }
  }
  std::unique_ptr<TrackRecording> recording;
  if (!options.record.empty()) {
    SourceInfo recorded = info;
    recorded.hasGroundTruth = info.hasGroundTruth || source->groundTruth() != nullptr;
    recording = std::make_unique<TrackRecording>(options.record, recorded, options.gt, pipeline);
  }
  std::unique_ptr<PipelineExporter> exporter;  // --metrics: served while the command runs
  if (!options.metricsAddress.empty()) {
    exporter = std::make_unique<PipelineExporter>(options.metricsAddress, info.name, config.detectorSpec);
    std::cerr << "edgescope-cli track: metrics on " << exporter->url() << std::endl;
  }
  const bool scoreLive = exporter && (source->groundTruth() != nullptr || info.hasGroundTruth);
  const std::int64_t last = exactCount ? std::min(range.last, info.frameCount) : range.last;
  ProgressLine progress("track", last < INT64_MAX / 2 ? last - range.first + 1 : -1);
  std::map<std::string, std::vector<double>> stageMs;
  std::vector<MotRow> results, groundTruth;
  std::map<std::string, std::int64_t> degradedKinds;  // --degrade: processed frames per kind
  Json degradedFrameList = Json::array();             // --degrade: {frame, kind, strength} of each degraded frame
  DetectionAccumulator detection;  // person AP50 of the detector output (reported with GT)
  std::int64_t processed = 0;
  Stopwatch wall;
  while (true) {
    Stopwatch decodeClock;
    if (source->read(frame, 0) != ReadStatus::Frame || frame.frame.number > last) break;
    const double decodeMs = decodeClock.elapsedMs();
    const double dueMs = turbo.waitForDue(processed);
    ams.beforeFrame(frame);  // swaps a staged update in, samples the frame
    const bool tracksExist = !pipeline.predictTracks(frame.frame.number).empty();
    turbo.beforeFrame(dueMs, frame, tracksExist);
    TrackingPipeline::Result result;
    try {
      result = enhance.enabled() ? enhance.process(frame, dueMs, tracksExist) : pipeline.process(frame.frame);
      turbo.afterFrame(frame, result, dueMs, Stopwatch::nowMs());
      ams.afterFrame(result, recording.get());
    } catch (const std::exception& e) {
      if (recording) recording->recordError(e.what());
      throw;
    }
    stageMs["decode"].push_back(decodeMs);
    double totalMs = decodeMs;
    for (const auto& stage : result.latency.stages()) {
      stageMs[stage.first].push_back(stage.second);
      totalMs += stage.second;
    }
    stageMs["total"].push_back(totalMs);
    const auto rows = TrackingPipeline::toMotRows(result.tracks, frame.frame.number);
    results.insert(results.end(), rows.begin(), rows.end());
    groundTruth.insert(groundTruth.end(), frame.groundTruth.begin(), frame.groundTruth.end());
    const bool hardFrame = frame.degradation.degraded();
    if (hardFrame) {
      ++degradedKinds[kindName(frame.degradation.kind)];
      degradedFrameList.push_back({{"frame", frame.frame.number},
                                   {"kind", kindName(frame.degradation.kind)},
                                   {"strength", frame.degradation.strength}});
    }
    detection.addFrame(frame.frame.number, frame.groundTruth, result.detections, hardFrame);
    if (recording) recording->addFrame(frame.frame.number, decodeMs, result, frame.groundTruth, rows, nullptr, frame.degradation);
    if (exporter) {
      exporter->addFrame(result.latency, result.deepscale, {}, frame.frame.image.cols, frame.frame.image.rows, decodeMs);
      if (scoreLive) exporter->scoreFrame(frame.frame.number, frame.groundTruth, rows);
    }
    progress.update(++processed);
  }
  const double seconds = wall.elapsedMs() / 1000.0;
  progress.finish();
  // A video that ended before the frames its container declares says so (VideoFileSource); its frames are kept.
  if (!source->health().lastError.empty()) {
    std::cerr << "edgescope-cli track: warning: " << source->health().lastError << "\n";
  }
  if (processed == 0) throw Error("empty frame range: no frame of '" + info.name + "' in --frames " + range.toString());
  if (!options.out.empty()) MotFile::write(options.out, results, MotFormat::Mot15);
  const bool haveGt = source->groundTruth() != nullptr || info.hasGroundTruth;

  Json json = Json::object();
  json["frames"] = processed;
  json["fps"] = static_cast<double>(processed) / std::max(seconds, 1e-9);
  json["detector"] = pipeline.detectorName();
  json["reid"] = pipeline.embedderName();
  Json latency = Json::object();
  for (const char* stage : {"decode", "detect", "embed", "track", "total"}) {
    // Every stage is always present (the contract); "embed" is 0 without ReID.
    const auto it = stageMs.find(stage);
    const std::vector<double> samples = it == stageMs.end() ? std::vector<double>{0.0} : it->second;
    latency[stage] = {{"p50", Percentile::of(samples, 50.0)}, {"p95", Percentile::of(samples, 95.0)}};
  }
  for (const char* stage : {"discriminate", "enhance"}) {  // Turbo's stages, when it ran
    const auto it = stageMs.find(stage);
    if (it != stageMs.end())
      latency[stage] = {{"p50", Percentile::of(it->second, 50.0)}, {"p95", Percentile::of(it->second, 95.0)}};
  }
  json["latency_ms"] = std::move(latency);
  turbo.addJson(json);
  enhance.addJson(json);
  ams.addJson(json);
  std::int64_t degradedFrames = 0;
  for (const auto& kind : degradedKinds) degradedFrames += kind.second;
  if (!options.degrade.empty()) {
    json["degrade"] = {{"spec", degradeSpec.toString()},
                       {"degraded_frames", degradedFrames},
                       {"kinds", degradedKinds},
                       {"frames", std::move(degradedFrameList)}};
  }
  if (const DeepScaleGovernor* governor = pipeline.deepScaleGovernor()) DeepScaleOptions::addJson(json, *governor);
  MotMetrics metrics;
  if (haveGt) {
    metrics = MotEvaluator::evaluate(groundTruth, results, range);
    json["metrics"] = MetricsJson::toJson(metrics);
    json["detection"] = {{"AP50", 100.0 * detection.ap50()}, {"AP50_hard", 100.0 * detection.ap50Hard()},
                         {"AP50_clean", 100.0 * detection.ap50Clean()}, {"hard_frames", detection.hardFrames()}};
  }
  if (recording) recording->finish(haveGt ? &metrics : nullptr);
  if (options.json) {
    std::cout << JsonDocument::dump(json) << std::endl;
    return 0;
  }
  std::printf("%s: %lld frames, %.2f fps (%s%s%s)\n", info.name.c_str(), static_cast<long long>(processed),
              static_cast<double>(processed) / std::max(seconds, 1e-9), pipeline.detectorName().c_str(),
              pipeline.embedderName().empty() ? "" : " + ", pipeline.embedderName().c_str());
  for (const char* stage : {"decode", "detect", "embed", "track", "total"}) {
    if (stageMs.count(stage)) {
      std::printf("  %-7s p50 %8.2f ms   p95 %8.2f ms\n", stage, Percentile::of(stageMs[stage], 50.0),
                  Percentile::of(stageMs[stage], 95.0));
    }
  }
  if (const DeepScaleGovernor* governor = pipeline.deepScaleGovernor()) std::cout << DeepScaleOptions::summary(*governor);
  std::cout << turbo.summary() << enhance.summary() << ams.summary();
  if (!options.degrade.empty()) {
    std::printf("  degraded %lld of %lld frames (%s)\n", static_cast<long long>(degradedFrames),
                static_cast<long long>(processed), degradeSpec.toString().c_str());
  }
  if (haveGt) {
    std::cout << MetricsTable::format(metrics, info.name);
    std::printf("detection AP50 %.1f (hard %.1f over %d frames, clean %.1f)\n", 100.0 * detection.ap50(),
                100.0 * detection.ap50Hard(), detection.hardFrames(), 100.0 * detection.ap50Clean());
  }
  return 0;
}

}  // namespace

Command addTrackCommand(CLI::App& cli) {
  CLI::App* command =
      cli.add_subcommand("track", "detect and track offline, write MOT results, print speed (and metrics with GT)");
  auto options = std::make_shared<TrackOptions>();
  command->add_option("--source", options->source, kSourceHelp)->required()->type_name("URI");
  command->add_option("--gt", options->gt, kGroundTruthHelp)->type_name("GT.txt");
  command->add_option("--detector", options->detector, kDetectorHelp)->type_name("SPEC");
  command->add_option("--reid", options->reid, "re-identification embedder (default: none, IoU association)")
      ->type_name("SPEC");
  command->add_option("--frames", options->frames, kFramesHelp)->type_name("A:B");
  command->add_option("--out", options->out, "write the tracks as MOTChallenge results")->type_name("RESULTS.txt");
  command->add_flag("--json", options->json, "print one JSON object instead of the text report");
  command->add_option("--tracker", options->tracker, "tracker settings by id, e.g. highScore=0.4,track.buffer=60")
      ->type_name("id=value,...");
  options->deepscale.addTo(*command);
  command->add_option("--record", options->record, "record the run as a session folder (like the console)")
      ->type_name("DIR");
  command->add_option("--metrics", options->metricsAddress, CommandLine::kMetricsHelp)->type_name("ADDR");
  command->add_option("--degrade", options->degrade,
                      "turn episodes of frames into hard frames (GT untouched): seed=N,share=F,"
                      "kinds=dark,motion,defocus,noise,jpeg,lowres|off,strength=A:B (0..1),episode=A:B (seconds); "
                      "defaults seed=1,share=0.35,all kinds,strength=0.5:1,episode=1:5")
      ->type_name("SPEC");
  TrackTurboOptions::addTo(*command, options->turbo);
  TrackEnhanceOptions::addTo(*command, options->enhance);
  TrackAmsOptions::addTo(*command, options->ams);
  return [options] { return runTrack(*options); };
}

}  // namespace edgescope
