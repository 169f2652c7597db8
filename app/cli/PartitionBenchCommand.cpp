// edgescope-cli partition-bench --source URI [--gt GT] [--frames A:B] [--k N] [--link up=…,down=…,rtt=…]
//                               [--detector SPEC] [--strategies SO,SOAT,SAT,CO] [--presets C1,C2,C3] [--quality Q]
//                               [--profile P] [--node tcp://HOST:PORT[#KEY]] [--json]
// Paper 000's Table VII on this machine: starts a local edgescope-node (or uses --node), then runs every strategy ×
// DeepScale preset over the same decoded frames and prints fps, MOTA, server/camera/transmission ms and KB per frame.
// The transmission column is checked against the link model: bytes / emulated bandwidth + RTT.
#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <thread>

#include "cli/CliOptions.h"
#include "cli/Commands.h"
#include "cli/DeepScaleOptions.h"
#include "cli/ProgressLine.h"
#include "core/Stopwatch.h"
#include "eval/FrameRange.h"
#include "eval/MetricsAccumulator.h"
#include "partition/PartitionBenchRow.h"
#include "partition/PartitionRunner.h"
#include "source/SourceFactory.h"
#include "util/Error.h"
#include "util/JsonWriter.h"

namespace edgescope {

namespace {

struct BenchFrame {
  Frame frame;
  std::vector<MotRow> groundTruth;
};

std::vector<std::string> splitList(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream stream(text);
  for (std::string item; std::getline(stream, item, ',');) {
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

std::vector<BenchFrame> decodeFrames(const CliOptions& options, bool& haveGt) {
  const FrameRange range = FrameRange::parse(options.get("frames", "1:400"));
  auto source = SourceFactory::open(options.get("source"), options.get("gt", ""));
  if (source->info().live) throw Error("partition-bench runs offline: '" + source->info().uri + "' is live");
  haveGt = source->groundTruth() != nullptr || source->info().hasGroundTruth;
  std::vector<BenchFrame> frames;
  SourceFrame frame;
  while (source->read(frame, 0) == ReadStatus::Frame && frame.frame.number <= range.last) {
    if (frame.frame.number < range.first) continue;
    frames.push_back({frame.frame, frame.groundTruth});
    frames.back().frame.image = frame.frame.image.clone();
  }
  if (!source->health().lastError.empty()) {  // a video that ended before its declared frames (VideoFileSource)
    std::cerr << "edgescope-cli partition-bench: warning: " << source->health().lastError << "\n";
  }
  if (frames.empty()) throw Error("no frame of '" + options.get("source") + "' in --frames " + range.toString());
  return frames;
}

PartitionBenchRow runRow(PartitionRunner& runner, const std::vector<BenchFrame>& frames, const std::string& detector,
                         DeepScalePreset preset, int k, bool haveGt, const LinkProfile& link, ProgressLine& progress,
                         std::int64_t& done) {
  PipelineConfig config;
  config.detectorSpec = detector;
  config.deepscale.mode = DeepScaleMode::Adaptive;
  config.deepscale.intervalFrames = k;
  config.deepscale.applyPreset(preset);
  TrackingPipeline local(config);
  runner.restart();
  PartitionBenchRow row;
  row.strategy = PartitionConfig::name(runner.config().strategy);
  row.preset = DeepScaleConfig::presetName(preset);
  MetricsAccumulator metrics;
  metrics.beginSequence("bench");
  const Stopwatch wall;
  for (const BenchFrame& frame : frames) {
    PartitionFrame partition;
    const TrackingPipeline::Result result = runner.process(frame.frame, local, partition);
    row.add(partition, link);
    if (haveGt) metrics.addFrame(frame.frame.number, frame.groundTruth, TrackingPipeline::toMotRows(result.tracks, frame.frame.number));
    progress.update(++done);
  }
  row.fps = frames.size() / std::max(wall.elapsedMs() / 1000.0, 1e-9);
  if (haveGt) row.mota = metrics.compute().mota;
  row.hasMota = haveGt;
  return row;
}

}  // namespace

int runPartitionBenchCommand(int argc, char** argv) {
  const CliOptions options(argc, argv, 2,
                           {"source", "gt", "frames", "k", "link", "detector", "strategies", "presets", "quality",
                            "profile", "node"},
                           {"json"});
  const int k = static_cast<int>(options.getInt("k", 5, 1, PartitionConfig::kMaxK));
  const LinkProfile link = LinkProfile::parse(options.get("link", "up=21.1,down=78,rtt=1.4"));
  const std::string detector = options.has("detector") ? options.get("detector") : DeepScaleOptions::defaultDetector();
  std::vector<PartitionStrategy> strategies;
  for (const std::string& name : splitList(options.get("strategies", "SO,SOAT,SAT,CO"))) {
    strategies.push_back(PartitionConfig::parse(name));
  }
  std::vector<DeepScalePreset> presets;
  for (const std::string& name : splitList(options.get("presets", "C1,C2,C3"))) {
    presets.push_back(DeepScaleConfig::parsePreset(name));
  }
  bool haveGt = false;
  std::cerr << "partition-bench: decoding frames…" << std::endl;
  const std::vector<BenchFrame> frames = decodeFrames(options, haveGt);

  ClusterOptions clusterOptions;
  clusterOptions.linkProfile = link;
  auto cluster = std::make_shared<Cluster>(clusterOptions);
  std::cerr << "partition-bench: "
            << (options.has("node") ? cluster->add(options.get("node"))
                                    : cluster->startLocal(1, options.get("profile", ""), detector))
            << std::endl;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!cluster->pickServer() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (!cluster->pickServer()) {
    const auto views = cluster->views();
    throw Error("the server node did not come online within 60 s" +
                (views.empty() ? std::string() : ": " + views.front().state + " " + views.front().lastError));
  }
  PartitionRunner runner(cluster, "bench");
  PartitionConfig config;
  config.k = k;
  config.jpegQuality = static_cast<int>(options.getInt("quality", 90, 10, 100));
  ProgressLine progress("partition-bench", static_cast<std::int64_t>(frames.size() * strategies.size() * presets.size()));
  std::int64_t done = 0;
  std::vector<PartitionBenchRow> rows;
  for (PartitionStrategy strategy : strategies) {
    for (DeepScalePreset preset : presets) {
      config.strategy = strategy;
      runner.setConfig(config);
      progress.setSuffix(std::string(PartitionConfig::name(strategy)) + " " + DeepScaleConfig::presetName(preset));
      rows.push_back(runRow(runner, frames, detector, preset, k, haveGt, link, progress, done));
    }
  }
  progress.finish();
  if (options.has("json")) {
    JsonWriter json;
    json.beginObject();
    json.key("source").value(options.get("source"));
    json.key("frames").value(static_cast<std::int64_t>(frames.size()));
    json.key("k").value(k);
    json.key("link").value(link.toString());
    json.key("detector").value(detector);
    json.key("rows").beginArray();
    for (const PartitionBenchRow& row : rows) row.writeJson(json);
    json.endArray();
    json.endObject();
    std::cout << json.str() << std::endl;
    return 0;
  }
  std::printf("%s, %zu frames, K = %d, link %s, detector %s\n", options.get("source").c_str(), frames.size(), k,
              link.toString().c_str(), detector.c_str());
  std::printf("%s\n", PartitionBenchRow::tableHeader().c_str());
  for (const PartitionBenchRow& row : rows) std::printf("%s\n", row.tableLine().c_str());
  return 0;
}

}  // namespace edgescope
