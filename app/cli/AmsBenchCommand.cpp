// edgescope-cli ams-bench --source URI [--gt GT] [--frames A:B] [--eval-frames A:B] --student MODEL
//   [--teacher SPEC] [--schemes none,one-time,ams,full] [--selection S --fraction F] [--update-interval S]
//   [--horizon S] [--iterations K] [--max-rate F] [--one-time-seconds S] [--clients N] [--link up=…,down=…,rtt=…]
//   [--time measured|fixed:S] [--device auto|cpu|cuda] [--seed N] [--set ams.ID=VALUE …] [--json]
// AMS (issue 22, paper 003) in causal virtual time: each scheme streams the same frames through the student on N
// emulated cameras, one node distils the teacher into copies of their networks, and updates reach a camera only
// after upload, queueing, labelling, training and download (AmsBenchRunner). Prints one row per scheme.
#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>

#include "ams/CoordinateSelector.h"
#include "ams/PhiScore.h"
#include "ams/SamplingRateController.h"
#include "cli/AmsBenchRunner.h"
#include "cli/AmsTeacherCache.h"
#include "cli/Commands.h"
#include "cli/HelpTexts.h"
#include "cli/ProgressLine.h"
#include "common/NumberRange.h"
#include "neural/NeuralDetectors.h"
#include "source/SourceFactory.h"
#include "source/VideoSource.h"
#include "util/Error.h"

#include <nlohmann/json.hpp>

namespace edgescope {
namespace {

struct AmsBenchOptions {
  std::string source, gt, frames, evalFrames, student, teacher, schemes = "none,one-time,ams,full";
  std::string selection = "gradient", link = "up=20000,down=20000,rtt=40", time = "measured", device = "cpu";
  std::string teacherCache;
  double fraction = 0.05, updateIntervalS = 10.0, horizonS = 240.0, maxRateFps = 1.0, oneTimeSeconds = 60.0;
  int iterations = 20, clients = 1, evalEvery = 1;
  double calibratePhiFps = 0.0;
  std::uint64_t seed = 1;
  std::vector<std::string> sets;
  bool json = false;
};

std::vector<std::string> splitList(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

AmsBenchSettings settingsOf(const AmsBenchOptions& o) {
  AmsBenchSettings s;
  s.source = o.source;
  s.gt = o.gt;
  s.frames = FrameRange::parse(o.frames);
  s.evalFrames = o.evalFrames.empty() ? s.frames : FrameRange::parse(o.evalFrames);
  if (s.evalFrames.first < s.frames.first || s.evalFrames.last > s.frames.last)
    throw Error("--eval-frames " + o.evalFrames + ": must lie within --frames");
  s.evalEvery = o.evalEvery;
  s.student = o.student;
  s.ams.apply("ams.updateIntervalS", o.updateIntervalS);
  s.ams.apply("ams.horizonS", o.horizonS);
  s.ams.apply("ams.iterations", o.iterations);
  s.ams.apply("ams.fraction", o.fraction);
  s.ams.apply("ams.rateMaxFps", o.maxRateFps);
  s.ams.selection = static_cast<int>(CoordinateSelector::parseStrategy(o.selection, "--selection"));
  for (const std::string& set : o.sets) {
    const auto eq = set.find('=');
    if (eq == std::string::npos) throw Error("--set '" + set + "': expected ams.ID=VALUE");
    try {
      s.ams.apply(set.substr(0, eq), std::stod(set.substr(eq + 1)));
    } catch (const std::invalid_argument&) {
      throw Error("--set '" + set + "': the value is not a number");
    }
  }
  s.oneTimeSeconds = o.oneTimeSeconds;
  s.clients = o.clients;
  s.link = LinkProfile::parse(o.link);
  if (o.time.rfind("fixed:", 0) == 0) {
    s.fixedPhaseS = std::stod(o.time.substr(6));
    if (!(*s.fixedPhaseS >= 0.0)) throw Error("--time " + o.time + ": the fixed phase time must be ≥ 0 s");
  } else if (o.time != "measured") {
    throw Error("--time '" + o.time + "': expected measured or fixed:SECONDS");
  }
  s.device = o.device;
  s.seed = o.seed;
  return s;
}

/// --calibrate-phi RATE: φ of consecutive samples at RATE fps over --frames (SamplingRateController's φ_target
/// calibration: the median calibration scene then settles near RATE).
int calibratePhi(const AmsBenchSettings& s, AmsTeacherCache& teacher, double rateFps, bool json) {
  auto source = SourceFactory::open(s.source, s.gt);
  const double fps = source->info().fps > 0 ? source->info().fps : 10.0;
  PhiScore phi;
  std::vector<double> phis;
  SourceFrame frame;
  double next = 0.0;
  std::int64_t step = 0;
  while (source->read(frame, 0) == ReadStatus::Frame) {
    const std::int64_t number = frame.frame.number;
    const double t = static_cast<double>(step++) / fps;
    if (number > s.frames.last) break;
    if (number < s.frames.first || t + 1e-9 < next) continue;
    next += 1.0 / rateFps;
    const double value = phi.addSample(teacher.labels(number, frame.frame.image));
    if (!std::isnan(value)) phis.push_back(value);
  }
  const double target = SamplingRateController::calibratePhiTarget(phis);
  const nlohmann::json out = {{"rate_fps", rateFps},
                              {"samples", phis.size()},
                              {"phi_p25", SamplingRateController::calibratePhiTarget(phis, 0.25)},
                              {"phi_median", target},
                              {"phi_p75", SamplingRateController::calibratePhiTarget(phis, 0.75)}};
  if (json)
    std::cout << out.dump(2) << "\n";
  else
    std::printf("phi at %.2f fps over %zu sample pairs: p25 %.3f, median %.3f, p75 %.3f\n", rateFps, phis.size(),
                out["phi_p25"].get<double>(), target, out["phi_p75"].get<double>());
  return 0;
}

int runAmsBench(const AmsBenchOptions& options) {
  NeuralDetectors::registerAll();
  AmsBenchSettings base = settingsOf(options);
  const std::vector<std::string> schemes = splitList(options.schemes);
  for (const std::string& scheme : schemes)
    if (scheme != "none" && scheme != "ams" && scheme != "full" && scheme != "one-time")
      throw Error("--schemes: unknown scheme '" + scheme + "' (none, one-time, ams, full)");
  const std::string teacherSpec = options.teacher.empty() ? "jde:" + base.student : options.teacher;
  AmsTeacherCache teacher(options.teacherCache == "none" ? std::string()
                          : options.teacherCache.empty() ? AmsTeacherCache::defaultDirectory()
                                                         : options.teacherCache,
                          options.source + "|" + options.frames, teacherSpec);
  if (options.calibratePhiFps > 0.0) return calibratePhi(base, teacher, options.calibratePhiFps, options.json);
  nlohmann::json rows = nlohmann::json::array();
  std::vector<double> noneWindows;
  for (const std::string& scheme : schemes) {
    AmsBenchSettings settings = base;
    settings.scheme = scheme;
    std::unique_ptr<ProgressLine> line;  // made at the first frame, when the total is known
    const AmsBenchRow row =
        AmsBenchRunner::run(settings, teacher, noneWindows, [&](std::int64_t done, std::int64_t total) {
          if (!line) line = std::make_unique<ProgressLine>("ams-bench " + scheme, total);
          line->update(done);
        });
    if (line) line->finish();
    if (scheme == "none") noneWindows = row.windowF1;
    rows.push_back(row.toJson());
    if (!options.json) {
      std::printf("%-9s %-10s γ %.3f  F1_teacher %.4f", row.scheme.c_str(), row.selection.c_str(), row.fraction,
                  row.f1Teacher);
      if (row.mota) std::printf("  MOTA %.4f IDF1 %.4f", *row.mota, *row.idf1);
      std::printf("  up %.1f kbps down %.1f kbps  updates %lld  samples %lld  rate %.2f fps  staleness %.1f s%s\n",
                  row.uplinkKbps, row.downlinkKbps, static_cast<long long>(row.updates),
                  static_cast<long long>(row.samples), row.meanRateFps, row.stalenessSMean,
                  row.weightsInSync ? "" : "  WEIGHTS OUT OF SYNC");
      std::fflush(stdout);
    }
  }
  if (options.json)
    std::cout << nlohmann::json{{"teacher", teacherSpec}, {"student", base.student}, {"rows", rows}}.dump(2) << "\n";
  return 0;
}

void addOptions(CLI::App& command, AmsBenchOptions& o) {
  command.add_option("--source", o.source, "the camera's stream (file, synthetic: or playlist:)")
      ->type_name("URI")
      ->required();
  command.add_option("--gt", o.gt, "MOT ground truth (MOTA, IDF1, HOTA; never used in training)")->type_name("GT");
  command.add_option("--frames,--range", o.frames, kFramesHelp)->type_name("A:B");
  command.add_option("--eval-frames", o.evalFrames, "frames scored (default: all of --frames)")->type_name("A:B");
  command.add_option("--eval-every", o.evalEvery, "F1 against the teacher on every Nth evaluation frame")
      ->check(NumberRange(1, 1000))
      ->capture_default_str();
  command.add_option("--student", o.student, "the camera's JDE model card")->type_name("MODEL.json")->required();
  command.add_option("--teacher", o.teacher, "the node's detector (default: jde: of the student's card... see help)")
      ->type_name("SPEC");
  command.add_option("--teacher-cache", o.teacherCache, "where teacher outputs are cached ('none': not at all)")
      ->type_name("DIR");
  command.add_option("--schemes", o.schemes, "comma-separated: none, one-time, ams, full")->capture_default_str();
  command.add_option("--selection", o.selection, "ams.selection")->capture_default_str();
  command.add_option("--fraction", o.fraction, "ams.fraction (γ)")
      ->check(NumberRange(0.001, 1.0))
      ->capture_default_str();
  command.add_option("--update-interval", o.updateIntervalS, "ams.updateIntervalS (T_update, s)")
      ->check(NumberRange(2.0, 120.0))
      ->capture_default_str();
  command.add_option("--horizon", o.horizonS, "ams.horizonS (s)")
      ->check(NumberRange(10.0, 1800.0))
      ->capture_default_str();
  command.add_option("--iterations", o.iterations, "ams.iterations (K)")
      ->check(NumberRange(1, 500))
      ->capture_default_str();
  command.add_option("--max-rate", o.maxRateFps, "ams.rateMaxFps")
      ->check(NumberRange(0.1, 10.0))
      ->capture_default_str();
  command.add_option("--one-time-seconds", o.oneTimeSeconds, "one-time: the seconds trained on")
      ->check(NumberRange(1.0, 3600.0))
      ->capture_default_str();
  command.add_option("--clients", o.clients, "cameras sharing the node")
      ->check(NumberRange(1, 16))
      ->capture_default_str();
  command.add_option("--link", o.link, "each camera's link (LinkProfile)")->capture_default_str();
  command.add_option("--time", o.time, "phase time: measured or fixed:SECONDS")->capture_default_str();
  command.add_option("--device", o.device, "node and camera device")
      ->check(CLI::IsMember({"auto", "cpu", "cuda"}))
      ->capture_default_str();
  command.add_option("--seed", o.seed, "masks, crops and sample draws")->capture_default_str();
  command.add_option("--set", o.sets, "any other ams.* knob, e.g. --set ams.phiTarget=0.3")->type_name("ID=VALUE");
  command
      .add_option("--calibrate-phi", o.calibratePhiFps,
                  "instead of the schemes: the teacher's φ between samples RATE fps apart (ams.phiTarget's median)")
      ->type_name("RATE")
      ->check(NumberRange(0.01, 30.0));
  command.add_flag("--json", o.json, "print one JSON object instead of the rows");
}

}  // namespace

Command addAmsBenchCommand(CLI::App& cli) {
  CLI::App* command = cli.add_subcommand("ams-bench", "AMS model streaming in virtual time, scheme against scheme");
  auto options = std::make_shared<AmsBenchOptions>();
  addOptions(*command, *options);
  return [options] { return runAmsBench(*options); };
}

}  // namespace edgescope
