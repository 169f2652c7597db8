#include "cli/TrackTurbo.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <sstream>
#include <thread>

#include "core/Stopwatch.h"
#include "eval/DetectionAccumulator.h"
#include "util/Error.h"
#include "util/Percentile.h"

#include <nlohmann/json.hpp>

namespace edgescope {
namespace {

double auroc(const std::vector<double>& score, const std::vector<bool>& positive) {
  double pairs = 0.0, wins = 0.0;
  for (std::size_t i = 0; i < score.size(); ++i)
    for (std::size_t j = 0; positive[i] && j < score.size(); ++j)
      if (!positive[j]) {
        pairs += 1.0;
        wins += score[i] > score[j] ? 1.0 : score[i] == score[j] ? 0.5 : 0.0;
      }
  return pairs > 0 ? wins / pairs : 0.5;
}

}  // namespace

void TrackTurboOptions::addTo(CLI::App& command, TrackTurboOptions& options) {
  command.add_option("--turbo", options.turbo, "Turbo enhancer: off, auto (turbo_<model>.json beside the model) or a card")
      ->type_name("MODEL|auto|off")->capture_default_str();
  command.add_option("--pace", options.paceFps, "process frames at this rate (each waits until it is due)")
      ->type_name("FPS")->check(CLI::PositiveNumber);
  command.add_option("--difficulty", options.difficulty, "where Turbo's difficulty comes from")
      ->check(CLI::IsMember({"discriminator", "confidence", "oracle", "random"}))->capture_default_str();
  command.add_option("--planner", options.planner, "Turbo's planner")->check(CLI::IsMember({"prune", "brute", "ratio"}))
      ->capture_default_str();
  command.add_flag("--compare", options.compare, "also decode exit 0 on enhanced frames (recovered/lost boxes)");
  command.add_flag("--no-idle-share", options.noIdleShare, "do not cap the budget by /proc/stat's idle share");
  command.add_option("--turbo-latency", options.latencyMs, "turbo.latencyMs: the bound T (0: one frame interval)")
      ->check(CLI::Range(0.0, 1000.0));
  command.add_option("--turbo-margin", options.marginMs, "turbo.marginMs")->check(CLI::Range(0.0, 50.0))->capture_default_str();
  command.add_option("--turbo-max-exit", options.maxExit, "turbo.maxExit")->check(CLI::Range(0, 5))->capture_default_str();
  command.add_option("--hard-threshold", options.hardThreshold, "turbo.hardThreshold (default: the card's)")
      ->check(CLI::Range(0.0, 1.0));
}

TrackTurbo::TrackTurbo(const TrackTurboOptions& options, TrackingPipeline& pipeline, const SourceInfo& info)
    : options_(options), pipeline_(pipeline) {
  if (options_.paceFps < 0.0 || !std::isfinite(options_.paceFps))
    throw Error("--pace " + std::to_string(options_.paceFps) + ": must be a positive frame rate");
  if (options_.paceFps > 0.0 && info.live)
    throw Error("--pace: '" + info.uri + "' is a live source, which sets its own pace");
  intervalMs_ = options_.paceFps > 0.0 ? 1000.0 / options_.paceFps : 0.0;
  if (options_.turbo == "off" || options_.turbo.empty()) return;
  pipeline_.setTurbo(options_.turbo);
  TurboController* turbo = pipeline_.turbo();
  if (!turbo) throw Error("--turbo " + options_.turbo + ": the detector has no enhancer");
  model_ = options_.turbo;
  TurboConfig& config = turbo->config();
  config.enabled = true;
  config.maxExit = options_.maxExit;
  config.latencyMs = options_.latencyMs;
  config.marginMs = options_.marginMs;
  config.compare = options_.compare;
  if (options_.hardThreshold >= 0.0) config.hardThreshold = options_.hardThreshold;
  config.difficulty = options_.difficulty == "confidence" ? TurboDifficultySource::Confidence
                                                          : TurboDifficultySource::Discriminator;
  turbo->setBaseline(options_.difficulty == "oracle"   ? TurboController::Baseline::Oracle
                     : options_.difficulty == "random" ? TurboController::Baseline::Random
                                                       : TurboController::Baseline::None);
  turbo->setStrategy(options_.planner == "brute"   ? TurboPlanner::Strategy::Brute
                     : options_.planner == "ratio" ? TurboPlanner::Strategy::Ratio
                                                   : TurboPlanner::Strategy::Prune);
  turbo->setUseIdleShare(!options_.noIdleShare);
  controllerOn_ = true;
}

double TrackTurbo::waitForDue(std::int64_t index) {
  const double now = Stopwatch::nowMs();
  if (intervalMs_ <= 0.0) return now;
  if (index == 0) startMs_ = now;
  const double due = startMs_ + static_cast<double>(index) * intervalMs_;
  if (due > now) std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(due - now));
  return due;
}

void TrackTurbo::beforeFrame(double dueMs, const SourceFrame& frame, bool tracksExist) {
  TurboController* turbo = pipeline_.turbo();
  if (!controllerOn_ || !turbo) return;
  const double bound = turbo->config().latencyMs > 0 ? turbo->config().latencyMs : intervalMs_;
  turbo->beginFrame(dueMs, intervalMs_ > 0 ? dueMs + intervalMs_ : std::nan(""), bound, tailMs_, tracksExist,
                    frame.groundTruth);
}

void TrackTurbo::afterFrame(const SourceFrame& frame, const TrackingPipeline::Result& result, double dueMs,
                            double endMs) {
  ++frames_;
  e2eMs_.push_back(endMs - dueMs);
  busyMs_.push_back(result.latency.totalMs());
  const double track = result.latency.stageMs("track");
  tailMs_ = 0.8 * tailMs_ + 0.2 * (track + 0.5);
  if (!controllerOn_) return;
  const TurboFrameStatus& s = result.turbo;
  const double threshold = pipeline_.turbo() ? pipeline_.turbo()->config().hardThreshold : 0.4;
  if (s.difficulty >= threshold) ++hardFrames_;
  if (s.exit > 0) ++enhanced_;
  ++exitHistogram_[static_cast<std::size_t>(std::clamp(s.exit, 0, 5))];
  budgetMs_.push_back(s.budgetMs);
  spentMs_.push_back(s.spentMs);
  searchUs_.push_back(s.searchUs);
  if (s.fellBack) ++fallbacks_;
  if (s.behind) ++behind_;
  if (intervalMs_ > 0 && endMs - dueMs > intervalMs_ && s.exit > 0) ++overruns_;
  const std::vector<Detection>* plain = result.plain();
  if (!frame.groundTruth.empty() && s.difficulty >= 0.0 && plain) {
    difficulty_.push_back(s.difficulty);
    oracleHard_.push_back(DetectionAccumulator::frameF1(frame.groundTruth, *plain, TurboController::kScoreFloor) < 0.8);
  }
  if (options_.compare) {
    scoreboard_.addFrame(frame.frame.number, frame.groundTruth, result.detections, plain, s.difficulty >= threshold,
                         TurboController::kScoreFloor);
  }
}

void TrackTurbo::addJson(Json& json) const {
  json["latency_ms"]["e2e"] = {{"p50", Percentile::of(e2eMs_, 50.0)}, {"p99", Percentile::of(e2eMs_, 99.0)}};
  if (intervalMs_ > 0) {
    double busy = 0.0;
    for (double b : busyMs_) busy += b;
    json["pace"] = {{"fps", options_.paceFps}, {"interval_ms", intervalMs_},
                    {"late_frames", std::count_if(e2eMs_.begin(), e2eMs_.end(), [&](double e) { return e > intervalMs_; })}};
  }
  if (!controllerOn_) return;
  double busy = 0.0, spent = 0.0;
  for (double b : busyMs_) busy += b;
  for (double s : spentMs_) spent += s;
  Json turbo = {
      {"model", model_},
      {"difficulty_source", options_.difficulty},
      {"planner", options_.planner},
      {"frames", frames_},
      {"hard_frames", hardFrames_},
      {"enhanced_frames", enhanced_},
      {"exit_histogram", exitHistogram_},
      {"budget_ms", {{"p50", Percentile::of(budgetMs_, 50.0)}, {"mean", Percentile::mean(budgetMs_)}}},
      {"spent_ms", {{"total", spent}, {"mean", Percentile::mean(spentMs_)}}},
      {"overruns", overruns_},
      {"behind", behind_},
      {"fallbacks", fallbacks_},
      {"search_us", {{"p50", Percentile::of(searchUs_, 50.0)}, {"p99", Percentile::of(searchUs_, 99.0)}}},
      {"busy_share", intervalMs_ > 0 && frames_ > 0 ? busy / (intervalMs_ * static_cast<double>(frames_)) : 0.0}};
  if (!difficulty_.empty()) turbo["difficulty_auroc"] = auroc(difficulty_, oracleHard_);
  if (options_.compare) {
    turbo["recovered"] = scoreboard_.recovered();
    turbo["lost"] = scoreboard_.lost();
    turbo["scored_frames"] = scoreboard_.frames();
    turbo["ap50_plain"] = 100.0 * scoreboard_.ap50Plain();
    turbo["ap50_turbo"] = 100.0 * scoreboard_.ap50Turbo();
  }
  json["turbo"] = std::move(turbo);
}

std::string TrackTurbo::summary() const {
  std::ostringstream out;
  if (intervalMs_ > 0)
    out << "  paced at " << options_.paceFps << " fps: e2e p50 " << Percentile::of(e2eMs_, 50.0) << " ms, p99 "
        << Percentile::of(e2eMs_, 99.0) << " ms (T " << intervalMs_ << " ms)\n";
  if (controllerOn_) {
    out << "  turbo " << model_ << ": " << enhanced_ << " of " << frames_ << " frames enhanced (" << hardFrames_
        << " hard), exits";
    for (std::size_t e = 0; e < exitHistogram_.size(); ++e) out << ' ' << e << ':' << exitHistogram_[e];
    out << ", " << overruns_ << " overruns, " << fallbacks_ << " fallbacks\n";
  }
  return out.str();
}

}  // namespace edgescope
