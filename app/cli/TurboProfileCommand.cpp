// edgescope-cli turbo-profile [--turbo MODEL.json|auto] [--detector jde:CARD.json] --source URI [--gt GT.txt]
//   [--frames A:B] [--every N] [--degrade SPEC] [--runs 100] [--warm-up 2] [--batch 1,2,4] [--rungs 5]
//   [--device auto|cpu|cuda] [--threads N] [--latency-only] [--write-card PATH] [--json]
// Measures a Turbo enhancer's profiles on this device (issue 21, paper 004 Eq. 5 and 1.2 items 7–8): the latency
// profile I[rung][exit][n] (the DeepScale ladder of the source's size, every exit, the --batch sizes; median of --runs
// timed runs after warm-up, TurboLatencyProbe) and the gain profile P[bucket][exit] (per difficulty bucket of 0.1 and
// exit, the mean per-frame AP50 gain in points over exit 0 on the labelled frames, each clean and as a degraded twin:
// TurboEvaluation, as train-enhancer builds the card's). Prints both tables (or JSON); --write-card writes the card
// with the new latency profile (for this device and thread count) and gain profile, keeping its other fields.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include "cli/Commands.h"
#include "cli/HelpTexts.h"
#include "cli/ProgressLine.h"
#include "cli/TrainSupport.h"
#include "cli/TurboDetectorStack.h"
#include "cli/TurboEvaluation.h"
#include "common/NumberRange.h"
#include "deepscale/ResolutionLadder.h"
#include "eval/FrameRange.h"
#include "neural/TurboLatencyProbe.h"
#include "source/SourceFactory.h"
#include "turbo/TurboController.h"
#include "util/Digest.h"
#include "util/Error.h"
#include "util/JsonDocument.h"

#include <nlohmann/json.hpp>

namespace edgescope {
namespace {

struct TurboProfileOptions {
  std::string turbo = "auto";
  std::string detector;
  std::string source, gt, frames;
  int every = 1;
  std::string degrade = "seed=1,share=1";
  int runs = 100;
  int warmUp = 2;
  std::string batches = "1,2,4";
  int rungs = ResolutionLadder::kRungCount;
  std::string device;
  int threads = 0;
  bool latencyOnly = false;
  std::string writeCard;
  bool json = false;
};

/// "1,2,4" → {1, 2, 4}; Error naming --batch for anything but integers ≥ 1.
std::vector<int> parseBatches(const std::string& text) {
  std::vector<int> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    std::size_t used = 0;
    int n = 0;
    try {
      n = std::stoi(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != item.size() || n < 1 || n > 64)
      throw Error("--batch '" + text + "': '" + item + "' is not a batch size in 1..64");
    out.push_back(n);
  }
  if (out.empty()) throw Error("--batch '" + text + "': no batch size");
  return out;
}

/// Rung sizes: the first @p count rungs of the DeepScale ladder of @p source (its aligned size alone when it is too
/// small for a ladder).
std::vector<cv::Size> rungSizes(cv::Size source, int count) {
  if (!ResolutionLadder::supports(source))
    return {cv::Size(ResolutionLadder::alignSide(source.width), ResolutionLadder::alignSide(source.height))};
  const ResolutionLadder ladder = ResolutionLadder::fromSource(source);
  std::vector<cv::Size> sizes(ladder.rungs().begin(), ladder.rungs().begin() + std::min(count, ladder.size()));
  return sizes;
}

/// Writes @p card to @p path (a .json), copying the enhancer's weights beside it when it lies in another folder.
void writeCard(TurboCard card, const TurboModel& loaded, const std::string& path) {
  if (path.size() < 5 || path.compare(path.size() - 5, 5, ".json") != 0)
    throw Error("--write-card '" + path + "': must name a .json card");
  const std::filesystem::path target(path);
  std::error_code error;
  if (target.has_parent_path()) std::filesystem::create_directories(target.parent_path(), error);
  const std::filesystem::path weights = target.parent_path() / card.weightsFile;
  if (!std::filesystem::exists(weights) || Digest::sha256OfFile(weights.string()) != card.weightsSha256) {
    std::filesystem::copy_file(loaded.weightsPath, weights, std::filesystem::copy_options::overwrite_existing, error);
    if (error)
      throw Error("--write-card: cannot copy the weights " + loaded.weightsPath + " to " + weights.string() + ": " +
                  error.message());
  }
  card.write(path);
  TurboCard::read(path);  // reads back (Error naming the path otherwise)
}

/// Frame @p range.first of @p source (the latency probe's picture when no gain profile reads the frames).
cv::Mat firstFrame(const std::string& source, const std::string& gt, const FrameRange& range) {
  auto video = SourceFactory::open(source, gt);
  SourceFrame frame;
  if (range.first > 1 && !video->seek(range.first)) {
    for (std::int64_t i = 1; i < range.first; ++i)
      if (video->read(frame, 0) != ReadStatus::Frame)
        throw Error("--frames: '" + source + "' ended at frame " + std::to_string(i - 1));
  }
  if (video->read(frame, 0) != ReadStatus::Frame) throw Error("--source '" + source + "': no frame to probe with");
  return frame.frame.image.clone();
}

std::string formatMs(double ms) {
  char text[32];
  std::snprintf(text, sizeof text, ms < 100 ? "%8.2f" : "%8.1f", ms);
  return text;
}

int runTurboProfile(const TurboProfileOptions& options) {
  const std::vector<int> batches = parseBatches(options.batches);
  if (options.runs < 1) throw Error("--runs " + std::to_string(options.runs) + ": must be >= 1");
  const FrameRange range = FrameRange::parse(options.frames);
  const DegradationSpec degrade = DegradationSpec::parse(options.degrade);
  if (!options.latencyOnly && degrade.kinds.empty())
    throw Error("--degrade '" + options.degrade + "': the gain profile needs degraded twins (name at least one kind)");
  if (options.source.find(',') != std::string::npos)
    throw Error("--source '" + options.source + "': a source with ',' cannot be read as labelled frames");
  TurboDetectorStack stack(options.detector, options.turbo, options.device, options.threads);
  std::string dataSpec =
      options.source + (options.gt.empty() ? "" : ",gt=" + options.gt) + ",every=" + std::to_string(options.every);
  if (!range.isAll()) dataSpec += ",frames=" + options.frames;
  TrainingSetLoader::Result data;
  if (options.latencyOnly) {
    data.samples.push_back(TrainingSample{firstFrame(options.source, options.gt, range), {}, options.source, {}});
  } else {
    data = TrainSupport::loadData({dataSpec}, nullptr, "profile");
  }
  if (data.samples.empty()) throw Error("--source '" + options.source + "': no frame in --frames " + range.toString());
  const cv::Size sourceSize = data.samples.front().image.size();

  TurboLatencyProbe::Options probe;
  probe.rungSizes = rungSizes(sourceSize, options.rungs);
  probe.batches = batches;
  probe.runs = options.runs;
  probe.warmUpRuns = options.warmUp;
  stack.inference().options().embeddings = true;  // as the detector runs live (the tracker reads them)
  stack.batch().setProbeImage(data.samples.front().image);
  TurboLatencyProbe::Result latency = [&] {
    std::unique_ptr<ProgressLine> line;  // made at the first run, when the number of runs is known
    TurboLatencyProbe::Result r =
        TurboLatencyProbe::measure(stack.batch(), probe, stack.device(), stack.threads(),
                                   stack.turbo().card.weightsSha256, [&](long long done, long long total) {
                                     if (!line) line = std::make_unique<ProgressLine>("turbo-profile latency", total);
                                     line->update(done);
                                   });
    if (line) line->finish();
    return r;
  }();
  std::optional<TurboEvaluationResult> gain;
  if (!options.latencyOnly) {
    stack.inference().options().embeddings = false;  // AP50 needs no embeddings
    ProgressLine line("turbo-profile gain", static_cast<std::int64_t>(data.samples.size()));
    gain = TurboEvaluation::run(stack.turboInference(), data.samples, 1, degrade, TurboController::kScoreFloor,
                                [&](int done, int) { line.update(done); });
    line.finish();
  }

  const LatencyProfile& profile = latency.profile;
  Json json = Json::object();
  json["model"] = stack.turbo().cardPath;
  json["detector"] = stack.detector().cardPath;
  json["device"] = stack.device();
  json["threads"] = stack.threads();
  json["key"] = profile.key();
  json["source"] = options.source;
  json["frames"] = data.samples.size();
  Json rungs = Json::array();
  for (std::size_t r = 0; r < probe.rungSizes.size(); ++r) {
    Json times = Json::array();
    for (int e = 0; e <= profile.maxExit(); ++e) {
      std::vector<double> row;
      for (int n = 1; n <= profile.measuredBatch(static_cast<int>(r), e); ++n)
        row.push_back(profile.profiledMs(static_cast<int>(r), e, n));
      times.push_back(row);
    }
    rungs.push_back({{"rung", r},
                     {"size", ResolutionLadder::label(probe.rungSizes[r])},
                     {"times_ms", times},
                     {"timed", latency.timed[r]}});
  }
  json["latency"] = {{"runs", options.runs},
                     {"warm_up_runs", options.warmUp},
                     {"batches", batches},
                     {"statistic", "median"},
                     {"discriminator_ms", profile.discriminatorMs()},
                     {"rungs", rungs},
                     {"profile", profile.toJson()}};
  if (gain) {
    json["degrade"] = degrade.toString();
    json["gain"] = {{"bucket_width", GainProfile::kBucketWidth},
                    {"gains", gain->gain.table()},
                    {"bucket_frames", gain->bucketFrames},
                    {"ap50_clean", gain->ap50Clean},
                    {"ap50_degraded", gain->ap50Degraded},
                    {"auroc_discriminator", gain->discriminatorAuroc},
                    {"auroc_confidence", gain->confidenceAuroc},
                    {"oracle_hard", gain->oracleHard},
                    {"profile", gain->gain.toJson()}};
  }
  if (!options.writeCard.empty()) {
    TurboCard card = stack.turbo().card;
    card.latencyProfiles.erase(std::remove_if(card.latencyProfiles.begin(), card.latencyProfiles.end(),
                                              [&](const LatencyProfile& p) { return p.key() == profile.key(); }),
                               card.latencyProfiles.end());
    card.latencyProfiles.push_back(profile);
    if (gain) card.gainProfile = gain->gain;
    std::string note = "turbo-profile: latency profile " + profile.key() + " at rungs";
    for (const cv::Size& size : probe.rungSizes) note += " " + ResolutionLadder::label(size);
    note += " (median of " + std::to_string(options.runs) + " runs, batches " + options.batches + ")";
    if (gain) note += "; gain profile on " + dataSpec + " with --degrade " + degrade.toString();
    std::vector<std::string>& notes = card.training.notes;
    notes.erase(std::remove_if(notes.begin(), notes.end(),
                               [](const std::string& n) { return n.rfind("turbo-profile:", 0) == 0; }),
                notes.end());
    card.training.notes.push_back(note);
    writeCard(card, stack.turbo(), options.writeCard);
    json["card_written"] = options.writeCard;
  }
  if (options.json) {
    std::cout << JsonDocument::dump(json) << std::endl;
    return 0;
  }
  std::printf("turbo-profile %s on %s, %d threads (key %s)\n", stack.turbo().cardPath.c_str(), stack.device().c_str(),
              stack.threads(), profile.key().c_str());
  std::printf(
      "latency I[rung][exit][n], ms: median of %d runs after %d warm-up runs (* interpolated); D_f %.2f ms/frame\n",
      options.runs, options.warmUp, profile.discriminatorMs());
  for (std::size_t r = 0; r < probe.rungSizes.size(); ++r) {
    const int rung = static_cast<int>(r);
    std::printf("rung %zu %-9s", r, ResolutionLadder::label(probe.rungSizes[r]).c_str());
    for (int n = 1; n <= profile.measuredBatch(rung, 0); ++n)
      std::printf("   n=%d%s", n, latency.timed[r][0][static_cast<std::size_t>(n - 1)] ? " " : "*");
    std::printf("\n");
    for (int e = 0; e <= profile.maxExit(); ++e) {
      std::printf("  exit %d        ", e);
      for (int n = 1; n <= profile.measuredBatch(rung, e); ++n)
        std::printf("%s", formatMs(profile.profiledMs(rung, e, n)).c_str());
      std::printf("\n");
    }
  }
  if (gain) {
    std::printf("gain P[bucket][exit], AP50 points over exit 0: %zu frames of %s, clean and degraded (%s)\n",
                data.samples.size(), options.source.c_str(), degrade.toString().c_str());
    std::printf("  d bucket   frames");
    for (int e = 1; e <= gain->gain.maxExit(); ++e) std::printf("   exit %d", e);
    std::printf("\n");
    for (int b = 0; b < GainProfile::kBucketCount; ++b) {
      std::printf("  %.1f-%.1f  %6d%s", b * GainProfile::kBucketWidth, (b + 1) * GainProfile::kBucketWidth,
                  gain->bucketFrames[static_cast<std::size_t>(b)],
                  gain->bucketFrames[static_cast<std::size_t>(b)] ? " " : "*");
      for (int e = 1; e <= gain->gain.maxExit(); ++e) std::printf("%9.2f", gain->gain.gainAt(b, e));
      std::printf("\n");
    }
    std::printf(
        "  (* no frame in the bucket: gains of the nearest measured bucket)\n  AP50 by exit, clean / degraded:");
    for (std::size_t e = 0; e < gain->ap50Clean.size(); ++e)
      std::printf("  %zu: %.1f/%.1f", e, gain->ap50Clean[e], gain->ap50Degraded[e]);
    std::printf("\n  D_f AUROC %.3f (Eq. 1 confidence %.3f) against %d oracle-hard of %d\n", gain->discriminatorAuroc,
                gain->confidenceAuroc, gain->oracleHard, gain->frames);
  }
  if (!options.writeCard.empty()) std::printf("wrote %s\n", options.writeCard.c_str());
  return 0;
}

void addOptions(CLI::App& command, TurboProfileOptions& options) {
  command.add_option("--turbo", options.turbo, "the enhancer: its card, or auto (turbo_<detector>.json beside it)")
      ->type_name("MODEL|auto")
      ->capture_default_str();
  command.add_option("--detector", options.detector, "the jde: detector (default: the default network)")
      ->type_name("SPEC");
  command.add_option("--source", options.source, kSourceHelp)->required()->type_name("URI");
  command.add_option("--gt", options.gt, kGroundTruthHelp)->type_name("GT.txt");
  command.add_option("--frames,--range", options.frames, kFramesHelp)->type_name("A:B");
  command.add_option("--every", options.every, "gain profile on every Nth frame of the range")
      ->check(NumberRange(1, 100000))
      ->capture_default_str();
  command.add_option("--degrade", options.degrade, "kinds and strengths of the degraded twins (share unused)")
      ->type_name("SPEC")
      ->capture_default_str();
  command.add_option("--runs", options.runs, "timed runs per latency cell (the median is kept)")
      ->check(NumberRange(1, 100000))
      ->capture_default_str();
  command.add_option("--warm-up", options.warmUp, "untimed runs per latency cell first")
      ->check(NumberRange(0, 1000))
      ->capture_default_str();
  command
      .add_option("--batch", options.batches, "batch sizes n to time (n = 1 always; sizes between are interpolated)")
      ->type_name("N,N,...")
      ->capture_default_str();
  command.add_option("--rungs", options.rungs, "DeepScale rungs of the source's ladder to time, from the full size")
      ->check(NumberRange(1, ResolutionLadder::kRungCount))
      ->capture_default_str();
  command.add_option("--device", options.device, "where to run (default: the --detector spec's, else auto)")
      ->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  command.add_option("--threads", options.threads, "LibTorch CPU threads (0: the spec's, else LibTorch's choice)")
      ->check(NumberRange(0, 256));
  command.add_flag("--latency-only", options.latencyOnly, "skip the gain profile (the card keeps its own)");
  command.add_option("--write-card", options.writeCard, "write the card with these profiles (weights copied beside)")
      ->type_name("PATH.json");
  command.add_flag("--json", options.json, "print one JSON object instead of the tables");
}

}  // namespace

Command addTurboProfileCommand(CLI::App& cli) {
  CLI::App* command = cli.add_subcommand("turbo-profile", "measure a Turbo enhancer's latency and gain profiles");
  auto options = std::make_shared<TurboProfileOptions>();
  addOptions(*command, *options);
  return [options] { return runTurboProfile(*options); };
}

}  // namespace edgescope
