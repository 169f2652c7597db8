// edgescope-cli partition-bench --source URI [--gt GT] [--frames A:B] [--k N] [--link up=…,down=…,rtt=…]
//                               [--detector SPEC] [--strategies SO,SOAT,SAT,CO] [--presets C1,C2,C3] [--quality Q]
//                               [--profile P] [--node tcp://HOST:PORT[#KEY]] [--json] [--metrics ADDR]
// Paper 000's Table VII on this machine: starts a local edgescope-node (or uses --node), then runs every strategy ×
// DeepScale preset over the same decoded frames and prints fps, MOTA, server/camera/transmission ms and KB per frame.
// The transmission column is checked against the link model: bytes / emulated bandwidth + RTT.
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <thread>

#include "cli/Commands.h"
#include "cli/DeepScaleOptions.h"
#include "cli/HelpTexts.h"
#include "cli/SourceOptions.h"
#include "cli/ProgressLine.h"
#include "common/CommandLine.h"
#include "common/NumberRange.h"
#include "core/Stopwatch.h"
#include "eval/FrameRange.h"
#include "eval/MetricsAccumulator.h"
#include "partition/PartitionBenchRow.h"
#include "partition/PartitionRunner.h"
#include "metrics/PipelineExporter.h"
#include "source/SourceFactory.h"
#include "util/Error.h"
#include "util/JsonDocument.h"

#include <nlohmann/json.hpp>

namespace edgescope {

namespace {

struct BenchFrame {
  Frame frame;
  std::vector<MotRow> groundTruth;
};

struct PartitionBenchOptions {
  std::string source;
  std::string gt;
  std::string frames = "1:400";
  int k = PartitionConfig().k;
  std::string link = "up=21.1,down=78,rtt=1.4";
  std::string detector;  ///< empty: DeepScaleOptions::defaultDetector()
  std::string strategies = "SO,SOAT,SAT,CO";
  std::string presets = "C1,C2,C3";
  int quality = PartitionConfig().jpegQuality;
  std::string profile;
  std::string node;            ///< empty: start a local node
  std::string metricsAddress;  ///< --metrics ADDR: serve Prometheus metrics there; empty: off
  bool json = false;
};

std::vector<std::string> splitList(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream stream(text);
  for (std::string item; std::getline(stream, item, ',');) {
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

std::vector<BenchFrame> decodeFrames(const PartitionBenchOptions& options, bool& haveGt) {
  const FrameRange range = FrameRange::parse(options.frames);
  auto source = SourceFactory::open(options.source, options.gt);
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
  if (frames.empty()) throw Error("no frame of '" + options.source + "' in --frames " + range.toString());
  return frames;
}

PartitionBenchRow runRow(PartitionRunner& runner, const std::vector<BenchFrame>& frames, const std::string& detector,
                         DeepScalePreset preset, int k, bool haveGt, const LinkProfile& link, ProgressLine& progress,
                         std::int64_t& done, PipelineExporter* exporter) {
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
  if (exporter) exporter->restartScoring();
  const Stopwatch wall;
  for (const BenchFrame& frame : frames) {
    PartitionFrame partition;
    const TrackingPipeline::Result result = runner.process(frame.frame, local, partition);
    row.add(partition, link);
    if (exporter) {  // --metrics
      exporter->addFrame(result.latency, result.deepscale, partition, frame.frame.image.cols, frame.frame.image.rows);
      if (haveGt) exporter->scoreFrame(frame.frame.number, frame.groundTruth, TrackingPipeline::toMotRows(result.tracks, frame.frame.number));
      exporter->updateNodes(runner.nodes());
    }
    if (haveGt) metrics.addFrame(frame.frame.number, frame.groundTruth, TrackingPipeline::toMotRows(result.tracks, frame.frame.number));
    progress.update(++done);
  }
  row.fps = frames.size() / std::max(wall.elapsedMs() / 1000.0, 1e-9);
  if (haveGt) row.mota = metrics.compute().mota;
  row.hasMota = haveGt;
  return row;
}

int runPartitionBench(const PartitionBenchOptions& options) {
  const int k = options.k;
  const LinkProfile link = LinkProfile::parse(options.link);
  const std::string detector = options.detector.empty() ? DeepScaleOptions::defaultDetector() : options.detector;
  std::vector<PartitionStrategy> strategies;
  for (const std::string& name : splitList(options.strategies)) {
    strategies.push_back(PartitionConfig::parse(name));
  }
  std::vector<DeepScalePreset> presets;
  for (const std::string& name : splitList(options.presets)) {
    presets.push_back(DeepScaleConfig::parsePreset(name));
  }
  bool haveGt = false;
  std::cerr << "partition-bench: decoding frames…" << std::endl;
  const std::vector<BenchFrame> frames = decodeFrames(options, haveGt);

  ClusterOptions clusterOptions;
  clusterOptions.linkProfile = link;
  auto cluster = std::make_shared<Cluster>(clusterOptions);
  std::cerr << "partition-bench: "
            << (!options.node.empty() ? cluster->add(options.node) : cluster->startLocal(1, options.profile, detector))
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
  std::unique_ptr<PipelineExporter> exporter;  // --metrics: served while the bench runs
  if (!options.metricsAddress.empty()) {
    exporter = std::make_unique<PipelineExporter>(options.metricsAddress, options.source, detector);
    std::cerr << "partition-bench: metrics on " << exporter->url() << std::endl;
  }
  PartitionConfig config;
  config.k = k;
  config.jpegQuality = options.quality;
  ProgressLine progress("partition-bench", static_cast<std::int64_t>(frames.size() * strategies.size() * presets.size()));
  std::int64_t done = 0;
  std::vector<PartitionBenchRow> rows;
  for (PartitionStrategy strategy : strategies) {
    for (DeepScalePreset preset : presets) {
      config.strategy = strategy;
      runner.setConfig(config);
      progress.setSuffix(std::string(PartitionConfig::name(strategy)) + " " + DeepScaleConfig::presetName(preset));
      rows.push_back(runRow(runner, frames, detector, preset, k, haveGt, link, progress, done, exporter.get()));
    }
  }
  progress.finish();
  if (options.json) {
    Json json = Json::object();
    json["source"] = options.source;
    json["frames"] = static_cast<std::int64_t>(frames.size());
    json["k"] = k;
    json["link"] = link.toString();
    json["detector"] = detector;
    json["rows"] = Json::array();
    for (const PartitionBenchRow& row : rows) json["rows"].push_back(row.toJson());
    std::cout << JsonDocument::dump(json) << std::endl;
    return 0;
  }
  std::printf("%s, %zu frames, K = %d, link %s, detector %s\n", options.source.c_str(), frames.size(), k,
              link.toString().c_str(), detector.c_str());
  std::printf("%s\n", PartitionBenchRow::tableHeader().c_str());
  for (const PartitionBenchRow& row : rows) std::printf("%s\n", row.tableLine().c_str());
  return 0;
}

}  // namespace

Command addPartitionBenchCommand(CLI::App& cli) {
  CLI::App* command = cli.add_subcommand(
      "partition-bench", "Table VII of paper 000: camera/server partitions over a local (or given) edge node");
  auto options = std::make_shared<PartitionBenchOptions>();
  addSourceOptions(*command, options->source, options->gt, options->frames);
  command->add_option("--k", options->k, "K: frames per adaptation cycle of SOAT and SAT")
      ->check(NumberRange(1, PartitionConfig::kMaxK))
      ->capture_default_str();
  command->add_option("--link", options->link, "emulated link: uplink and downlink (Mbit/s), round trip (ms)")
      ->type_name("up=MBPS,down=MBPS,rtt=MS")
      ->capture_default_str();
  command->add_option("--detector", options->detector, kDetectorHelp)->type_name("SPEC");
  command->add_option("--strategies", options->strategies, "partition strategies to run (SO, SOAT, SAT, CO)")
      ->type_name("LIST")
      ->capture_default_str();
  command->add_option("--presets", options->presets, "DeepScale presets to run (C1, C2, C3)")
      ->type_name("LIST")
      ->capture_default_str();
  command->add_option("--quality", options->quality, "JPEG quality of frames sent to the server")
      ->check(NumberRange(10, 100))
      ->capture_default_str();
  command->add_option("--profile", options->profile, "device profile of the local node, e.g. jetson-tx2")
      ->type_name("P");
  command->add_option("--node", options->node, "use this node instead of starting a local one")
      ->type_name("tcp://HOST:PORT[#KEY]");
  command->add_flag("--json", options->json, "print one JSON object instead of the table");
  command->add_option("--metrics", options->metricsAddress, CommandLine::kMetricsHelp)->type_name("ADDR");
  return [options] { return runPartitionBench(*options); };
}

}  // namespace edgescope
