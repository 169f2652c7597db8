// edgescope-cli turbo-bench --source A [--source B …] [--gt GT …] [--degrade SPEC …] [--frames A:B] [--pace 10]
//   [--resolution WxH]
//   [--planner prune|brute|ratio] [--turbo MODEL.json|auto] [--detector jde:CARD.json] [--difficulty …]
//   [--max-exit 5] [--hard-threshold F] [--margin 5] [--no-idle-share] [--device D] [--threads N]
//   [--profile-runs 3] [--measure-latency] [--json]
// edgescope-cli turbo-bench --search-only M [--instances 1000] [--seed 1] [--source …] …
// N paced streams in one process with one Turbo enhancer (issue 21): every period T = 1000/--pace ms, the frames of
// all streams due in it are planned together (one TurboWindow: the shared idle budget of the period, the planner's
// exits, same-exit frames batched) and tracked per stream (TurboBenchRunner). Reports e2e p50/p99 per stream and
// overall, late frames and overruns, the exit histogram, search µs per window, predicted gain, and AP50 per stream
// with GT. --search-only M times the planners on random windows of M frames instead (goal G6: p99 ≤ 0.5 ms at M = 8).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/Commands.h"
#include "cli/HelpTexts.h"
#include "cli/ProgressLine.h"
#include "cli/TurboBenchRunner.h"
#include "cli/TurboDetectorStack.h"
#include "common/NumberRange.h"
#include "neural/TurboLatencyProbe.h"
#include "turbo/TurboController.h"
#include "turbo/TurboSearchBench.h"
#include "util/Error.h"
#include "util/Percentile.h"

#include <nlohmann/json.hpp>

namespace edgescope {
namespace {

struct TurboBenchOptions {
  std::vector<std::string> sources, gts, degrades;
  std::string frames;
  std::string resolution;  ///< WxH: every stream's network input; empty: each frame's own size
  double paceFps = 10.0;
  std::string planner = "prune";
  std::string turbo = "auto";
  std::string detector;
  std::string difficulty = "discriminator";
  int maxExit = 5;
  double hardThreshold = -1.0;
  double marginMs = 5.0;
  bool noIdleShare = false;
  std::string device;
  int threads = 0;
  int profileRuns = 3;
  bool measureLatency = false;
  int searchOnly = 0;
  int instances = 1000;
  std::uint64_t seed = 1;
  bool json = false;
};

TurboPlanner::Strategy strategyOf(const std::string& name) {
  if (name == "prune") return TurboPlanner::Strategy::Prune;
  if (name == "brute") return TurboPlanner::Strategy::Brute;
  if (name == "ratio") return TurboPlanner::Strategy::Ratio;
  throw Error("--planner '" + name + "': expected prune, brute or ratio");
}

/// The card's latency profile for this device when it has one and the streams use one size (its rung 0, as the
/// engine assumes), else one measured now at every stream size (batches 1 and 2 when a window can batch, @p runs runs
/// each).
LatencyProfile latencyFor(TurboDetectorStack& stack, const std::vector<cv::Size>& sizes, int runs, bool measure,
                          int windowFrames, std::string& origin) {
  const LatencyProfile* known = stack.turbo().card.latencyProfileFor(stack.profileKey());
  if (known && !measure && sizes.size() == 1) {
    origin = "card";
    return *known;
  }
  origin = "measured";
  TurboLatencyProbe::Options probe;
  probe.rungSizes = sizes;
  probe.batches = {1, std::min(2, std::max(1, windowFrames))};
  probe.runs = runs;
  probe.warmUpRuns = 1;
  std::unique_ptr<ProgressLine> line;  // made at the first run, when the number of runs is known
  LatencyProfile profile = TurboLatencyProbe::measure(
                               stack.batch(), probe, stack.device(), stack.threads(), stack.turbo().card.weightsSha256,
                               [&](long long done, long long total) {
                                 if (!line) line = std::make_unique<ProgressLine>("turbo-bench latency profile", total);
                                 line->update(done);
                               })
                               .profile;
  if (line) line->finish();
  return profile;
}

Json searchOnly(const TurboBenchOptions& options, const GainProfile& gains, const LatencyProfile& latency,
                double hardThreshold) {
  TurboSearchBench::Options o;
  o.frames = options.searchOnly;
  o.instances = options.instances;
  o.seed = options.seed;
  o.hardThreshold = hardThreshold;
  o.maxExit = options.maxExit;
  if (o.frames > TurboPlanner::kMaxBruteFrames)
    o.strategies = {TurboPlanner::Strategy::Prune, TurboPlanner::Strategy::Ratio};
  Json strategies = Json::object();
  for (const TurboSearchBench::Result& r : TurboSearchBench::run(gains, latency, o)) {
    Json entry = {{"search_us", {{"p50", r.searchUsP50}, {"p99", r.searchUsP99}, {"max", r.searchUsMax}}},
                  {"mean_gain", r.meanGain},
                  {"over_budget", r.overBudget}};
    if (o.frames <= TurboPlanner::kMaxBruteFrames) {
      entry["mean_loss_vs_brute"] = r.meanLossVsBrute;
      entry["max_loss_vs_brute"] = r.maxLossVsBrute;
      entry["optimal_share"] = static_cast<double>(r.optimal) / o.instances;
    }
    strategies[TurboPlanner::strategyName(r.strategy)] = entry;
  }
  return {{"frames", o.frames}, {"instances", o.instances}, {"seed", o.seed}, {"strategies", strategies}};
}

int runTurboBench(const TurboBenchOptions& options) {
  const TurboPlanner::Strategy strategy = strategyOf(options.planner);
  if (!(options.paceFps > 0.0))
    throw Error("--pace " + std::to_string(options.paceFps) + ": must be a positive frame rate");
  if (options.searchOnly == 0 && options.sources.empty())
    throw Error("--source: turbo-bench needs at least one stream");
  const std::size_t n = options.sources.size();
  if (!options.gts.empty() && options.gts.size() != n)
    throw Error("--gt: give one per --source (" + std::to_string(n) + "), '-' for a source without; got " +
                std::to_string(options.gts.size()));
  if (options.degrades.size() > 1 && options.degrades.size() != n)
    throw Error("--degrade: give one for all sources or one per --source (" + std::to_string(n) + "); got " +
                std::to_string(options.degrades.size()));
  if (strategy == TurboPlanner::Strategy::Brute && n > static_cast<std::size_t>(TurboPlanner::kMaxBruteFrames))
    throw Error("--planner brute: brute force plans at most " + std::to_string(TurboPlanner::kMaxBruteFrames) +
                " frames per window, and " + std::to_string(n) + " streams give " + std::to_string(n));
  const FrameRange range = FrameRange::parse(options.frames);
  cv::Size input;
  if (!options.resolution.empty()) {
    int w = 0, h = 0;
    char trailing = 0;
    if (std::sscanf(options.resolution.c_str(), "%dx%d%c", &w, &h, &trailing) != 2 || w < 32 || h < 32 || w % 32 ||
        h % 32 || w > 8192 || h > 8192)
      throw Error("--resolution '" + options.resolution + "': expected WxH with sides multiples of 32 (32 … 8192)");
    input = {w, h};
  }
  TurboDetectorStack stack(options.detector, options.turbo, options.device, options.threads);
  const TurboCard& card = stack.turbo().card;
  if (!card.gainProfile)
    throw Error(stack.turbo().cardPath +
                ": the card has no gain profile (train-enhancer or turbo-profile --write-card)");
  const double hardThreshold = options.hardThreshold >= 0.0 ? options.hardThreshold : card.hardThreshold;

  TrackerConfig tracker;
  tracker.mode = TrackerMode::Jde;  // the network's own embeddings, as the pipeline tracks a jde: detector
  tracker.iouOnPrediction = true;
  for (const auto& [id, value] : stack.detector().card.trackerDefaults) {
    try {
      tracker.apply(id, value);
    } catch (const Error&) {
      // An id this build does not know (newer card): ignored, as TrackingPipeline does.
    }
  }
  std::vector<std::unique_ptr<TurboBenchStream>> streams;
  std::vector<cv::Size> sizes;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string gt = options.gts.empty() || options.gts[i] == "-" ? "" : options.gts[i];
    const std::string degrade = options.degrades.empty() ? "" : options.degrades[options.degrades.size() == 1 ? 0 : i];
    streams.push_back(std::make_unique<TurboBenchStream>(static_cast<int>(i), options.sources[i], gt, degrade, range,
                                                         tracker, input));
    if (std::find(sizes.begin(), sizes.end(), streams.back()->inputSize()) == sizes.end())
      sizes.push_back(streams.back()->inputSize());
  }
  if (sizes.empty()) sizes.push_back({768, 576});  // --search-only without a source: the benchmark's frame size
  std::string origin;
  const int largestBatch = options.searchOnly > 0 ? options.searchOnly : static_cast<int>(n);  // frames per window
  const LatencyProfile latency =
      latencyFor(stack, sizes, options.profileRuns, options.measureLatency, largestBatch, origin);
  Json json = {{"model", stack.turbo().cardPath}, {"detector", stack.detector().cardPath},
               {"device", stack.device()},        {"threads", stack.threads()},
               {"planner", options.planner},      {"latency_profile", origin},
               {"hard_threshold", hardThreshold}};
  if (options.searchOnly > 0) {
    json["search"] = searchOnly(options, *card.gainProfile, latency, hardThreshold);
    if (options.json) {
      std::cout << JsonDocument::dump(json) << std::endl;
      return 0;
    }
    std::printf("planner search over %d random windows of %d frames (%s latency profile):\n", options.instances,
                options.searchOnly, origin.c_str());
    for (const auto& [name, r] : json["search"]["strategies"].items()) {
      std::printf("  %-6s search p50 %7.1f us  p99 %7.1f us  max %7.1f us  mean gain %6.2f", name.c_str(),
                  r["search_us"]["p50"].get<double>(), r["search_us"]["p99"].get<double>(),
                  r["search_us"]["max"].get<double>(), r["mean_gain"].get<double>());
      if (r.contains("mean_loss_vs_brute"))
        std::printf("  loss vs brute mean %.3f max %.3f", r["mean_loss_vs_brute"].get<double>(),
                    r["max_loss_vs_brute"].get<double>());
      std::printf("\n");
    }
    return 0;
  }

  TurboBenchRunner::Settings settings;
  settings.intervalMs = 1000.0 / options.paceFps;
  settings.planner.strategy = strategy;
  settings.planner.hardThreshold = hardThreshold;
  settings.planner.maxExit = options.maxExit;
  settings.marginMs = options.marginMs;
  settings.useIdleShare = !options.noIdleShare;
  settings.confidence = options.difficulty == "confidence";
  settings.scoreFloor = TurboController::kScoreFloor;
  TurboBenchRunner runner(stack.batch(), *card.gainProfile, latency, sizes, settings);
  runner.warmUp(static_cast<int>(std::min<std::size_t>(n, TurboPlanner::kMaxBruteFrames)));
  {
    ProgressLine line("turbo-bench", -1);
    runner.run(streams, [&](std::int64_t done) { line.update(done); });
    line.finish();
  }

  std::vector<double> e2e;
  DetectionAccumulator detection;
  bool anyGt = false;
  std::vector<std::int64_t> histogram(6, 0);
  std::int64_t frames = 0, late = 0, overruns = 0, hard = 0, enhanced = 0, degraded = 0, fallbacks = 0, demoted = 0;
  double ap50Sum = 0.0;
  int withGt = 0;
  Json perStream = Json::array();
  for (const auto& s : streams) {
    e2e.insert(e2e.end(), s->e2eMs().begin(), s->e2eMs().end());
    frames += s->frames(), late += s->lateFrames(), overruns += s->overruns(), hard += s->hardFrames();
    enhanced += s->enhancedFrames(), degraded += s->degradedFrames(), fallbacks += s->fallbacks(),
        demoted += s->demoted();
    for (std::size_t e = 0; e < histogram.size(); ++e) histogram[e] += s->exitHistogram()[e];
    if (s->hasGroundTruth()) {
      detection.merge(s->detection());
      anyGt = true;
      ap50Sum += 100.0 * s->detection().ap50();
      ++withGt;
    }
    perStream.push_back(s->toJson());
  }
  if (frames == 0) throw Error("turbo-bench: no frame in --frames " + range.toString() + " of any source");
  const double periodMs = settings.intervalMs;
  json["streams"] = n;
  json["pace_fps"] = options.paceFps;
  json["interval_ms"] = periodMs;
  Json inputs = Json::array();
  for (const cv::Size& size : sizes) inputs.push_back(std::to_string(size.width) + "x" + std::to_string(size.height));
  json["input_sizes"] = inputs;
  json["difficulty_source"] = options.difficulty;
  json["frames"] = frames;
  json["latency_ms"] = {{"e2e",
                         {{"p50", Percentile::of(e2e, 50.0)},
                          {"p99", Percentile::of(e2e, 99.0)},
                          {"max", *std::max_element(e2e.begin(), e2e.end())}}}};
  json["late_frames"] = late;
  json["overruns"] = overruns;
  json["hard_frames"] = hard;
  json["enhanced_frames"] = enhanced;
  json["degraded_frames"] = degraded;
  json["fallbacks"] = fallbacks;
  json["demoted_frames"] = demoted;
  json["exit_histogram"] = histogram;
  json["window"] = runner.toJson();
  json["search_us"] = json["window"]["search_us"];
  json["predicted_gain"] = json["window"]["predicted_gain"]["total"];
  if (anyGt) {
    json["detection"] = {{"AP50", 100.0 * detection.ap50()},
                         {"AP50_hard", 100.0 * detection.ap50Hard()},
                         {"AP50_clean", 100.0 * detection.ap50Clean()},
                         {"hard_frames", detection.hardFrames()},
                         {"AP50_stream_mean", ap50Sum / withGt}};
  }
  json["per_stream"] = perStream;
  if (options.json) {
    std::cout << JsonDocument::dump(json) << std::endl;
    return 0;
  }
  std::printf("turbo-bench: %zu streams at %.1f fps (T %.1f ms), planner %s, %lld frames in %lld windows\n", n,
              options.paceFps, periodMs, options.planner.c_str(), static_cast<long long>(frames),
              static_cast<long long>(json["window"]["windows"].get<std::int64_t>()));
  std::printf("  e2e p50 %.1f ms, p99 %.1f ms; %lld late, %lld overruns, %lld demoted, %lld fallbacks\n",
              Percentile::of(e2e, 50.0), Percentile::of(e2e, 99.0), static_cast<long long>(late),
              static_cast<long long>(overruns), static_cast<long long>(demoted), static_cast<long long>(fallbacks));
  std::printf("  %lld hard, %lld enhanced (exits", static_cast<long long>(hard), static_cast<long long>(enhanced));
  for (std::size_t e = 0; e < histogram.size(); ++e) std::printf(" %zu:%lld", e, static_cast<long long>(histogram[e]));
  std::printf("), search p50 %.1f us p99 %.1f us, budget p50 %.1f ms, predicted gain %.1f\n",
              json["search_us"]["p50"].get<double>(), json["search_us"]["p99"].get<double>(),
              json["window"]["budget_ms"]["p50"].get<double>(), json["predicted_gain"].get<double>());
  for (const auto& s : streams) {
    std::printf("  stream %d %s: e2e p99 %.1f ms, %lld enhanced", s->index(),
                options.sources[static_cast<std::size_t>(s->index())].c_str(), Percentile::of(s->e2eMs(), 99.0),
                static_cast<long long>(s->enhancedFrames()));
    if (s->hasGroundTruth()) std::printf(", AP50 %.1f", 100.0 * s->detection().ap50());
    std::printf("\n");
  }
  if (anyGt)
    std::printf("  AP50 %.1f (hard %.1f, clean %.1f)\n", 100.0 * detection.ap50(), 100.0 * detection.ap50Hard(),
                100.0 * detection.ap50Clean());
  return 0;
}

void addOptions(CLI::App& command, TurboBenchOptions& options) {
  command.add_option("--source", options.sources, "a stream's source; repeat for more streams")->type_name("URI");
  command.add_option("--gt", options.gts, "ground truth per --source, in order ('-': none)")->type_name("GT.txt");
  command.add_option("--degrade", options.degrades, "--degrade SPEC for every source, or one per --source")
      ->type_name("SPEC");
  command.add_option("--frames,--range", options.frames, kFramesHelp)->type_name("A:B");
  command.add_option("--resolution", options.resolution, "every stream's network input (default: its frame size)")
      ->type_name("WxH");
  command.add_option("--pace", options.paceFps, "frames per second of every stream (T = 1000 / FPS ms)")
      ->type_name("FPS")
      ->capture_default_str();
  command.add_option("--planner", options.planner, "Turbo's planner (brute: at most 8 streams)")
      ->type_name("prune|brute|ratio")
      ->capture_default_str();
  command.add_option("--turbo", options.turbo, "the enhancer: its card, or auto (turbo_<detector>.json beside it)")
      ->type_name("MODEL|auto")
      ->capture_default_str();
  command.add_option("--detector", options.detector, "the jde: detector (default: the default network)")
      ->type_name("SPEC");
  command.add_option("--difficulty", options.difficulty, "where the difficulty comes from")
      ->check(CLI::IsMember({"discriminator", "confidence"}))
      ->capture_default_str();
  command.add_option("--max-exit", options.maxExit, "turbo.maxExit")->check(NumberRange(0, 5))->capture_default_str();
  command.add_option("--hard-threshold", options.hardThreshold, "turbo.hardThreshold (default: the card's)")
      ->check(NumberRange(0.0, 1.0));
  command.add_option("--margin", options.marginMs, "turbo.marginMs, once per window")
      ->check(NumberRange(0.0, 50.0))
      ->capture_default_str();
  command.add_flag("--no-idle-share", options.noIdleShare, "do not cap the budget by /proc/stat's idle share");
  command.add_option("--device", options.device, "where to run (default: the --detector spec's, else auto)")
      ->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  command.add_option("--threads", options.threads, "LibTorch CPU threads (0: the spec's, else LibTorch's choice)")
      ->check(NumberRange(0, 256));
  command.add_option("--profile-runs", options.profileRuns, "timed runs per cell when the latency profile is measured")
      ->check(NumberRange(1, 1000))
      ->capture_default_str();
  command.add_flag("--measure-latency", options.measureLatency,
                   "measure the latency profile even when the card has one");
  command.add_option("--search-only", options.searchOnly, "time the planners on random windows of M frames instead")
      ->type_name("M")
      ->check(NumberRange(1, 64));
  command.add_option("--instances", options.instances, "--search-only: random windows")
      ->check(NumberRange(1, 1000000))
      ->capture_default_str();
  command.add_option("--seed", options.seed, "--search-only: random seed")->capture_default_str();
  command.add_flag("--json", options.json, "print one JSON object instead of the text report");
}

}  // namespace

Command addTurboBenchCommand(CLI::App& cli) {
  CLI::App* command = cli.add_subcommand("turbo-bench", "N paced streams with Turbo, planned together per period");
  auto options = std::make_shared<TurboBenchOptions>();
  addOptions(*command, *options);
  return [options] { return runTurboBench(*options); };
}

}  // namespace edgescope
