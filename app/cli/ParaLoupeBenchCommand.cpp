// edgescope-cli paraloupe-bench --source URI --gt GT --frames A:B --camera-profiles P[,P…] --nodes "PROFILE[@LINK];…"
//   --slo-ms N --rows full,full-small,teacher,mini-full,ep8,lastdet,pl-local,pl-uniform,pl-greedy,pl-markov
//   (ablation rows pl-edge, pl-diff, pl-hist: pl-markov with one objectness feature each)
//   [--kill-at F:NODE,…] [--cost NODE=C@A:B,…] [--link-at F:NODE:LINK] [--roi x,y,w,h;…] [--json]
// Paper 002's evaluation on this machine (issue 20): local edgescope-node processes emulate the nodes (device
// profiles and links), the camera is emulated by sleeping (slowdown − 1) × its measured compute, and every row runs
// over the same decoded frames. Cluster events (--kill-at, --cost, --link-at) apply during the PL rows over nodes.
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>

#include "cli/Commands.h"
#include "cli/DeepScaleOptions.h"
#include "cli/HelpTexts.h"
#include "cli/SourceOptions.h"
#include "cli/TrackRecording.h"
#include "cli/ParaLoupeBaselines.h"
#include "cli/ProgressLine.h"
#include "common/NumberRange.h"
#include "core/Stopwatch.h"
#include "eval/FrameRange.h"
#include "net/NodeClient.h"
#include "paraloupe/cluster/ParaLoupeBenchPlan.h"
#include "paraloupe/cluster/ParaLoupeBenchRow.h"
#include "paraloupe/cluster/ParaLoupeRunner.h"
#include "source/SourceFactory.h"
#include "util/Error.h"
#include "util/JsonDocument.h"

#include <nlohmann/json.hpp>

namespace edgescope {

namespace {

struct ParaLoupeBenchOptions {
  std::string source;
  std::string gt;
  std::string frames = "301:400";
  std::string cameraProfiles = "jetson-tx2,rpi4";
  std::string nodes = "jetson-tx2;jetson-nano;rpi4;rpi4@testbed";
  double sloMs = 40.0;
  std::string rows = "full,full-small,teacher,mini-full,ep8,lastdet,pl-local,pl-uniform,pl-greedy,pl-markov";
  std::string killAt, cost, linkAt, roi;
  std::vector<std::string> params;  ///< "paraloupe.ID=VALUE" for the PL rows
  std::string record;               ///< folder: each PL row recorded as a session in ROW-CAMERA below it
  std::string patchModel;  ///< "" = models/patch_mini.json
  std::string detector;    ///< "" = the default network
  std::string sharedDir = "../shared";
  std::uint64_t seed = 20;
  int warmupFrames = 10;
  bool json = false;
};

const std::vector<std::string> kRows = {"full",    "full-small", "teacher",    "mini-full", "ep8",
                                        "lastdet", "pl-local",   "pl-uniform", "pl-greedy", "pl-markov",
                                        "pl-edge", "pl-diff",    "pl-hist"};

std::vector<std::string> splitList(const std::string& text, char separator = ',') {
  std::vector<std::string> items;
  std::stringstream stream(text);
  for (std::string item; std::getline(stream, item, separator);) {
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

std::vector<BenchFrame> decodeFrames(const ParaLoupeBenchOptions& options, const FrameRange& range, bool& haveGt) {
  auto source = SourceFactory::open(options.source, options.gt);
  if (source->info().live) throw Error("paraloupe-bench runs offline: '" + source->info().uri + "' is live");
  haveGt = source->groundTruth() != nullptr || source->info().hasGroundTruth;
  std::vector<BenchFrame> frames;
  SourceFrame frame;
  const std::int64_t from = std::max<std::int64_t>(1, range.first - options.warmupFrames);
  while (source->read(frame, 0) == ReadStatus::Frame && frame.frame.number <= range.last) {
    if (frame.frame.number < from) continue;
    frames.push_back({frame.frame, frame.groundTruth});
    frames.back().frame.image = frame.frame.image.clone();
  }
  if (frames.empty()) throw Error("no frame of '" + options.source + "' in --frames " + range.toString());
  return frames;
}

/// Starts the plan's nodes (node1…nodeN in order) and waits until they are online.
std::shared_ptr<Cluster> startNodes(const ParaLoupeBenchPlan& plan, const std::string& patchModel) {
  auto cluster = std::make_shared<Cluster>();
  cluster->setPatchModel(patchModel);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  for (std::size_t i = 0; i < plan.nodes.size(); ++i) {
    // One at a time: each node profiles its patch sizes at start, and profiles taken while the others profile on
    // the same cores would be the contention's, not the device's.
    const BenchNode& node = plan.nodes[i];
    std::cerr << "paraloupe-bench: " << cluster->startLocal(1, node.profile, "hog", node.link) << std::endl;
    while (cluster->onlineServers().size() < i + 1 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  if (cluster->onlineServers().size() < plan.nodes.size()) {
    std::string states;
    for (const ClusterNodeView& view : cluster->views()) states += " " + view.name + "=" + view.state + " " + view.lastError;
    throw Error("the bench nodes did not come online within 120 s:" + states);
  }
  return cluster;
}

/// Resets costs and links to the plan.
void resetCluster(Cluster& cluster, const ParaLoupeBenchPlan& plan) {
  for (const BenchNode& node : plan.nodes) {
    cluster.setCost(node.name, 0.0);
    cluster.setLinkProfile(node.name, node.link);
  }
}

struct PlRowSettings {
  std::string row;
  SchedulerKind scheduler = SchedulerKind::Markov;
  bool nodes = true;
  std::array<bool, 3> keep{true, true, true};  ///< objectness features (edge, diff, hist): ablation rows
};

ParaLoupeBenchRow runPlRow(const PlRowSettings& settings, const std::vector<BenchFrame>& frames, bool haveGt,
                           const ParaLoupeBenchOptions& options, const std::string& cameraProfile,
                           const ParaLoupeBenchPlan& plan, const std::shared_ptr<Cluster>& cluster,
                           const std::string& patchModel, const std::string& detector, ProgressLine& progress,
                           std::int64_t& done, std::map<std::string, double>& uplinkEstimates) {
  std::shared_ptr<Cluster> used = settings.nodes ? cluster : std::make_shared<Cluster>();
  if (settings.nodes) resetCluster(*cluster, plan);
  ParaLoupeRunner runner(used, "bench", patchModel);
  ParaLoupeConfig config;
  config.sloMs = options.sloMs;
  config.scheduler = settings.scheduler;
  runner.setConfig(config);
  for (const std::string& param : options.params) {
    const auto equals = param.find('=');
    if (equals == std::string::npos) throw Error("--param '" + param + "': expected paraloupe.ID=VALUE");
    double value = 0.0;
    try {
      value = std::stod(param.substr(equals + 1));
    } catch (const std::exception&) {
      throw Error("--param '" + param + "': value '" + param.substr(equals + 1) + "' is not a number");
    }
    runner.apply(param.substr(0, equals), value);  // Error names an unknown id or a value out of range
  }
  runner.setSeed(options.seed);
  runner.setCameraProfile(DeviceProfile::parse(cameraProfile));
  runner.keepFeatures(settings.keep);
  runner.setRois(plan.rois);
  runner.loadModel();
  PipelineConfig pipeline;
  pipeline.detectorSpec = detector;
  TrackingPipeline local(pipeline);
  local.warmUp(frames.front().frame.image.size());
  const std::int64_t first = FrameRange::parse(options.frames).first;
  ParaLoupeBenchRow row(settings.row, cameraProfile, options.sloMs, haveGt, first);
  row.startPhase(std::max(first, frames.front().frame.number),
                 settings.nodes ? static_cast<int>(plan.nodes.size()) : 0);
  std::string killed;
  std::chrono::steady_clock::time_point killedAt;
  int online = settings.nodes ? static_cast<int>(plan.nodes.size()) : 0;
  std::unique_ptr<TrackRecording> recording;
  if (!options.record.empty()) {
    SourceInfo info;
    info.uri = options.source;
    info.name = std::filesystem::path(options.source).stem().string();
    info.hasGroundTruth = haveGt;
    const std::string folder = (std::filesystem::path(options.record) / (settings.row + "-" + cameraProfile)).string();
    recording = std::make_unique<TrackRecording>(folder, info, options.gt, local);
  }
  bool linkChanged = false;
  const auto keepEstimates = [&] {
    if (linkChanged) return;
    for (const ClusterNodeView& view : runner.nodes()) {
      if (view.uplinkEstimateKbps > 0.0) uplinkEstimates[view.name] = view.uplinkEstimateKbps;
    }
  };
  for (const BenchFrame& frame : frames) {
    if (settings.nodes) {
      for (const BenchEvent& event : plan.due(frame.frame.number)) {
        if (event.kind == BenchEvent::Kind::Link) {
          keepEstimates();  // the estimates of the links --nodes set
          linkChanged = true;
        }
        if (recording) recording->recordEvent("info", "paraloupe-bench: " + event.text);
        if (event.kind == BenchEvent::Kind::Kill) {
          cluster->kill(event.node);
          killed = event.node;
          killedAt = std::chrono::steady_clock::now();
          row.startPhase(frame.frame.number, --online);
        } else if (event.kind == BenchEvent::Kind::Cost) {
          cluster->setCost(event.node, event.cost);
        } else {
          cluster->setLinkProfile(event.node, event.link);
        }
      }
    }
    PartitionFrame partition;
    const TrackingPipeline::Result result = runner.process(frame.frame, local, partition);
    row.addFrame(frame.frame.number, frame.groundTruth, TrackingPipeline::toMotRows(result.tracks, frame.frame.number),
                 partition.endToEndMs, &partition);
    if (!killed.empty()) {
      bool stillOnline = false;
      for (const ClusterServer& server : cluster->onlineServers()) stillOnline = stillOnline || server.name == killed;
      if (!stillOnline) {
        row.setLossDetected(std::chrono::duration<double>(std::chrono::steady_clock::now() - killedAt).count());
        killed.clear();
      }
    }
    for (auto& [warning, text] : runner.takeMessages()) {
      if (warning && !options.json) std::cerr << "\nparaloupe-bench: " << text << std::endl;
      if (recording) recording->recordEvent(warning ? "warning" : "info", text);
    }
    if (recording) {
      recording->addFrame(frame.frame.number, 0.0, result, frame.groundTruth,
                          TrackingPipeline::toMotRows(result.tracks, frame.frame.number), &partition);
      if (recording->nodesDue()) recording->addNodes(frame.frame.number, runner.nodes());
    }
    progress.update(++done);
  }
  if (settings.nodes) keepEstimates();
  if (recording) recording->finish(nullptr);
  return row;
}

Json nodesJson(const ParaLoupeBenchPlan& plan, Cluster& cluster, const std::map<std::string, double>& uplinkEstimates) {
  Json nodes = Json::array();
  std::map<std::string, ClusterServer> online;
  for (const ClusterServer& server : cluster.onlineServers()) online[server.name] = server;
  for (const BenchNode& node : plan.nodes) {
    Json json = Json::object();
    json["name"] = node.name;
    json["profile"] = node.profile;
    json["link"] = node.link.toString();
    Json patchMs = Json::object();
    if (online.count(node.name)) {
      const PeerStatus status = online[node.name].client->status();
      for (const wire::PatchModelProfile& profile : status.capabilities.patch_models()) {
        patchMs[std::to_string(profile.width()) + "x" + std::to_string(profile.height())] =
            profile.batch_ms() + profile.compute_ms();  // one patch alone
      }
    }
    json["patch_ms"] = patchMs;
    const auto estimate = uplinkEstimates.find(node.name);
    json["uplink_mbps"] = node.link.uplinkKbps / 1000.0;
    json["uplink_estimate_mbps"] = estimate == uplinkEstimates.end() ? Json(nullptr) : Json(estimate->second / 1000.0);
    nodes.push_back(json);
  }
  return nodes;
}

int runParaLoupeBench(const ParaLoupeBenchOptions& options) {
  const FrameRange range = FrameRange::parse(options.frames);
  ParaLoupeBenchPlan plan;
  plan.nodes = ParaLoupeBenchPlan::parseNodes(options.nodes);
  plan.events = ParaLoupeBenchPlan::parseEvents(options.killAt, options.cost, options.linkAt, plan.nodes, range);
  std::vector<std::string> rows = splitList(options.rows);
  for (const std::string& row : rows) {
    if (std::find(kRows.begin(), kRows.end(), row) == kRows.end()) {
      throw Error("--rows: unknown row '" + row + "' (full, full-small, teacher, mini-full, ep8, lastdet, pl-local, "
                  "pl-uniform, pl-greedy, pl-markov, pl-edge, pl-diff, pl-hist)");
    }
  }
  const std::vector<std::string> cameras = splitList(options.cameraProfiles);
  for (const std::string& camera : cameras) DeviceProfile::parse(camera);
  const std::string patchModel = options.patchModel.empty() ? ParaLoupeRunner::defaultPatchModel() : options.patchModel;
  if (patchModel.empty()) throw Error("--patch-model: models/patch_mini.json is in none of the model folders");
  const std::string detector = options.detector.empty() ? DeepScaleOptions::defaultDetector() : options.detector;
  bool haveGt = false;
  std::cerr << "paraloupe-bench: decoding frames…" << std::endl;
  const std::vector<BenchFrame> frames = decodeFrames(options, range, haveGt);
  plan.rois = ParaLoupeBenchPlan::parseRois(options.roi, frames.front().frame.image.size());
  const bool needNodes = std::any_of(rows.begin(), rows.end(), [](const std::string& row) {
    return row.rfind("pl-", 0) == 0 && row != "pl-local";  // every PL row but pl-local runs over the nodes
  });
  std::shared_ptr<Cluster> cluster = needNodes && !plan.nodes.empty() ? startNodes(plan, patchModel) : nullptr;
  std::map<std::string, double> uplinkEstimates;  // node → probe estimate, kbit/s (before any --link-at)
  ParaLoupeBaselines baselines(frames, haveGt, options.sloMs, detector, patchModel, options.sharedDir, range.first);

  ProgressLine progress("paraloupe-bench", static_cast<std::int64_t>(frames.size() * rows.size() * cameras.size()));
  std::int64_t done = 0;
  std::vector<ParaLoupeBenchRow> results;
  for (const std::string& camera : cameras) {
    for (const std::string& row : rows) {
      progress.setSuffix(row + " on " + camera);
      if (row.rfind("pl-", 0) == 0) {
        PlRowSettings settings{row, SchedulerKind::Markov, row != "pl-local"};
        if (row == "pl-uniform") settings.scheduler = SchedulerKind::Uniform;
        if (row == "pl-greedy") settings.scheduler = SchedulerKind::Greedy;
        // Ablation (report only): pl-markov with one objectness feature each.
        if (row == "pl-edge") settings.keep = {true, false, false};
        if (row == "pl-diff") settings.keep = {false, true, false};
        if (row == "pl-hist") settings.keep = {false, false, true};
        if (settings.nodes && !cluster) {
          std::cerr << "\nparaloupe-bench: " << row << " skipped: --nodes lists no node" << std::endl;
          continue;
        }
        if (settings.nodes && cluster->onlineServers().size() < plan.nodes.size()) {
          cluster.reset();  // a row killed some: a fresh set, so every row starts from the same cluster
          cluster = startNodes(plan, patchModel);
        }
        results.push_back(runPlRow(settings, frames, haveGt, options, camera, plan, cluster, patchModel, detector,
                                   progress, done, uplinkEstimates));
      } else {
        std::optional<ParaLoupeBenchRow> result = baselines.run(row, DeviceProfile::parse(camera), camera, progress, done);
        if (result) results.push_back(std::move(*result));
      }
    }
  }
  progress.finish();
  for (const std::string& message : baselines.messages()) std::cerr << "paraloupe-bench: " << message << std::endl;
  if (options.json) {
    Json json = Json::object();
    json["source"] = options.source;
    json["frames"] = range.toString();
    json["slo_ms"] = options.sloMs;
    json["detector"] = detector;
    json["patch_model"] = patchModel;
    json["nodes"] = cluster ? nodesJson(plan, *cluster, uplinkEstimates) : Json::array();
    json["rows"] = Json::array();
    json["phases"] = Json::array();
    for (const ParaLoupeBenchRow& row : results) {
      json["rows"].push_back(row.toJson());
      for (const Json& phase : row.phasesJson()) json["phases"].push_back(phase);
    }
    std::cout << JsonDocument::dump(json) << std::endl;
    return 0;
  }
  std::printf("%s frames %s, SLO %.0f ms, nodes %s\n", options.source.c_str(), range.toString().c_str(),
              options.sloMs, options.nodes.c_str());
  std::printf("%s\n", ParaLoupeBenchRow::tableHeader().c_str());
  for (const ParaLoupeBenchRow& row : results) std::printf("%s\n", row.tableLine().c_str());
  return 0;
}

}  // namespace

Command addParaLoupeBenchCommand(CLI::App& cli) {
  CLI::App* command = cli.add_subcommand(
      "paraloupe-bench", "Paper 002's evaluation: ParaLoupe patches over emulated edge nodes against full-frame rows");
  auto options = std::make_shared<ParaLoupeBenchOptions>();
  addSourceOptions(*command, options->source, options->gt, options->frames);
  command->add_option("--camera-profiles", options->cameraProfiles, "emulated camera device profiles, one row set each")
      ->type_name("P[,P…]")
      ->capture_default_str();
  command->add_option("--nodes", options->nodes,
                      "local nodes node1…nodeN: device profile and link (LinkProfile text or 'testbed'; default a "
                      "LAN, up=100,down=100,rtt=0.5)")
      ->type_name("PROFILE[@LINK];…")
      ->capture_default_str();
  command->add_option("--slo-ms", options->sloMs, "latency SLO, capture to result")
      ->check(NumberRange(10, 3000))
      ->capture_default_str();
  command->add_option("--rows", options->rows, "rows to run (also the ablation rows pl-edge, pl-diff, pl-hist: pl-markov with one objectness feature)")->type_name("LIST")->capture_default_str();
  command->add_option("--kill-at", options->killAt, "SIGKILL a node when a frame is captured")->type_name("F:NODE,…");
  command->add_option("--cost", options->cost, "a node's operator cost over frames A..B")->type_name("NODE=C@A:B,…");
  command->add_option("--link-at", options->linkAt, "change a node's link at a frame")->type_name("F:NODE:LINK;…");
  command->add_option("--roi", options->roi, "operator RoIs (frame pixels)")->type_name("x,y,w,h;…");
  command->add_option("--patch-model", options->patchModel, "patch model card (default models/patch_mini.json)")
      ->type_name("CARD");
  command->add_option("--detector", options->detector, kDetectorHelp)->type_name("SPEC");
  command->add_option("--shared", options->sharedDir, "folder with models/ of the teachers (row teacher)")
      ->type_name("DIR")
      ->capture_default_str();
  command->add_option("--param", options->params,
                      "a ParaLoupe parameter of the PL rows, e.g. paraloupe.keyframeInterval=10 (repeatable; ids and "
                      "ranges as the console's sliders)")
      ->type_name("paraloupe.ID=VALUE");
  command->add_option("--warmup", options->warmupFrames,
                      "frames before --frames that every row runs unscored (tracker, profilers and guard warm up)")
      ->check(NumberRange(0, 1000))
      ->capture_default_str();
  command->add_option("--record", options->record,
                      "record every PL row as a session folder DIR/ROW-CAMERA (frames with pl_* columns, patches.csv, "
                      "gantt.csv, nodes.csv, events; `edgescope-cli report` makes its report)")
      ->type_name("DIR");
  command->add_option("--seed", options->seed, "seed of the Markov scheduler")->capture_default_str();
  command->add_flag("--json", options->json, "print one JSON object instead of the table");
  return [options] { return runParaLoupeBench(*options); };
}

}  // namespace edgescope
