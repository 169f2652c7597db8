#include "cli/TrackEnhance.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "core/Stopwatch.h"
#include "detect/Detector.h"
#include "detect/DetectorFactory.h"
#include "eval/BoxIou.h"
#include "turbo/DifficultyScore.h"
#include "turbo/IdleBudget.h"
#include "turbo/TurboController.h"
#include "util/Error.h"
#include "util/Percentile.h"

#include <nlohmann/json.hpp>

namespace edgescope {
namespace {

constexpr double kMaxUpscale = 4.0;
constexpr double kCostEwma = 0.2;  ///< weight of the newest measurement in the cost prediction
constexpr double kTeacherEmbeddingIou = 0.5;
constexpr int kWarmUpRuns = 3;  ///< timed warm-up runs per cost key (after one untimed first use)

int alignTo32(double side) { return std::max(32, static_cast<int>(std::lround(side / 32.0)) * 32); }

}  // namespace

void TrackEnhanceOptions::addTo(CLI::App& command, TrackEnhanceOptions& options) {
  command
      .add_option(
          "--enhance", options.method,
          "baseline on hard frames instead of Turbo (same pacing and budget): classic (CLAHE + NL-means + "
          "unsharp), classic-oracle (inverts the true --degrade kind), upscale[:F] (F x input, 1.25) or teacher:SPEC "
          "(another detector)")
      ->type_name("classic|classic-oracle|upscale[:F]|teacher:SPEC|off")
      ->capture_default_str();
}

TrackEnhance::TrackEnhance(const TrackEnhanceOptions& options, const TrackTurboOptions& turbo,
                           TrackingPipeline& pipeline, const SourceInfo& info)
    : turbo_(turbo), pipeline_(pipeline), idle_("/proc/stat", "/proc/self/stat") {
  const std::string& m = options.method;
  if (m.empty() || m == "off") return;
  if (m == "classic") {
    method_ = Method::Classic;
  } else if (m == "classic-oracle") {
    method_ = Method::ClassicOracle;
  } else if (m == "upscale" || m.rfind("upscale:", 0) == 0) {
    method_ = Method::Upscale;
    if (m != "upscale") {
      char* end = nullptr;
      upscale_ = std::strtod(m.c_str() + 8, &end);
      if (end == m.c_str() + 8 || *end != '\0' || !(upscale_ > 1.0 && upscale_ <= kMaxUpscale))
        throw Error("--enhance " + m + ": the upscale factor must be a number in (1, 4]");
    }
  } else if (m.rfind("teacher:", 0) == 0) {
    method_ = Method::Teacher;
    teacherSpec_ = m.substr(8);
    if (teacherSpec_.empty())
      throw Error("--enhance " + m + ": the teacher needs a detector spec, e.g. teacher:onnx-yolox:PATH");
  } else {
    throw Error("--enhance " + m + ": unknown method (classic, classic-oracle, upscale[:F], teacher:SPEC or off)");
  }
  methodName_ = method_ == Method::Teacher ? "teacher" : method_ == Method::Upscale ? "upscale" : m;
  if (!turbo.turbo.empty() && turbo.turbo != "off")
    throw Error("--enhance " + m + " and --turbo " + turbo.turbo + " exclude each other: a baseline replaces Turbo");
  const DeepScaleConfig& deepscale = pipeline_.config().deepscale;
  if (deepscale.mode != DeepScaleMode::Fixed || deepscale.fixedIndex != 0)
    throw Error("--enhance " + m + ": the baselines detect at the frame's own size; drop --resolution/--adaptive");
  intervalMs_ = turbo.paceFps > 0.0 ? 1000.0 / turbo.paceFps : 0.0;
  upscaleSize_ = cv::Size(alignTo32(upscale_ * info.width), alignTo32(upscale_ * info.height));
  if (method_ == Method::Teacher) {
    try {
      teacher_ = DetectorFactory::create(teacherSpec_);
    } catch (const Error& e) {
      throw Error("--enhance " + m + ": " + e.what());
    }
  }
  // The hard threshold: the operator's, else the card of the detector's Turbo enhancer (loaded only to read it),
  // else the paper's.
  hardThreshold_ = DifficultyScore::kPaperHardThreshold;
  thresholdSource_ = "paper";
  if (turbo.hardThreshold >= 0.0) {
    hardThreshold_ = turbo.hardThreshold;
    thresholdSource_ = "option";
  } else if (pipeline_.hasDeepScale()) {
    try {
      pipeline_.setTurbo("auto");
      if (TurboController* controller = pipeline_.turbo()) {
        hardThreshold_ = controller->config().hardThreshold;
        thresholdSource_ = "card";
      }
    } catch (const Error&) {
      // No enhancer beside this detector: the paper's threshold.
    }
    pipeline_.setTurbo("");
  }
}

TrackEnhance::~TrackEnhance() = default;

std::string TrackEnhance::costKey(const SourceFrame& frame) const {
  return method_ == Method::ClassicOracle ? kindName(frame.degradation.kind) : "all";
}

std::vector<Detection> TrackEnhance::runMethod(const SourceFrame& frame, const std::vector<Detection>& plain) {
  const cv::Mat& image = frame.frame.image;
  switch (method_) {
    case Method::Classic:
      return pipeline_.detectAt(classic_.classic(image), {});
    case Method::ClassicOracle:
      return pipeline_.detectAt(classic_.oracle(image, frame.degradation), {});
    case Method::Upscale:
      return pipeline_.detectAt(image, upscaleSize_);
    case Method::Teacher: {
      std::vector<Detection> found = teacher_->detect(image);
      found.erase(std::remove_if(found.begin(), found.end(), [](const Detection& d) { return d.classId != 0; }),
                  found.end());
      // The teacher has no ReID head: a box takes the embedding of the plain box it overlaps most.
      for (Detection& d : found) {
        double best = kTeacherEmbeddingIou;
        for (const Detection& p : plain) {
          const double iou = BoxIou::compute(d.box, p.box);
          if (!p.embedding.empty() && iou >= best) best = iou, d.embedding = p.embedding;
        }
      }
      return found;
    }
    case Method::Off:
      break;
  }
  return plain;
}

void TrackEnhance::warmUp(cv::Size frameSize) {
  if (!enabled() || frameSize.empty()) return;
  SourceFrame grey;
  grey.frame.number = 0;
  grey.frame.image = cv::Mat(frameSize, CV_8UC3, cv::Scalar(110, 115, 120));
  cv::randn(grey.frame.image, cv::Scalar(110, 115, 120), cv::Scalar(12, 12, 12));  // NL-means' cost needs texture
  std::vector<FrameDegradation> kinds(1);
  if (method_ == Method::ClassicOracle) {
    kinds.clear();
    for (DegradationKind kind : kAllDegradationKinds) kinds.push_back(FrameDegradation{kind, 1.0, 45.0});
  }
  for (const FrameDegradation& kind : kinds) {
    grey.degradation = kind;
    runMethod(grey, {});  // first use: buffers, oneDNN primitives, filters
    // The median of three timed runs: one run that other work delayed would otherwise keep the baseline from ever
    // fitting (the prediction only learns from runs).
    std::vector<double> ms;
    for (int run = 0; run < kWarmUpRuns; ++run) {
      Stopwatch clock;
      runMethod(grey, {});
      ms.push_back(clock.elapsedMs());
    }
    costMs_[costKey(grey)] = Percentile::of(ms, 50.0);
  }
}

bool TrackEnhance::fits(double dueMs, double costMs) {
  const double idleShare = turbo_.noIdleShare ? 1.0 : idle_.sample();
  // Unpaced without --turbo-latency: no bound, the baseline always runs (Turbo would never run there).
  if (intervalMs_ <= 0.0 && turbo_.latencyMs <= 0.0) return true;
  IdleBudget::Inputs inputs;
  inputs.nowMs = Stopwatch::nowMs();
  inputs.thisFrameDueMs = dueMs;
  inputs.nextFrameDueMs = intervalMs_ > 0.0 ? dueMs + intervalMs_ : std::nan("");
  inputs.latencyBoundMs = turbo_.latencyMs > 0.0 ? turbo_.latencyMs : intervalMs_;
  inputs.predictedTailMs = tailMs_;
  inputs.marginMs = turbo_.marginMs;
  inputs.idleShare = idleShare;
  const IdleBudget::Result budget = IdleBudget::compute(inputs);
  budgetMs_.push_back(budget.slackMs);
  return !budget.behind && costMs <= budget.slackMs;
}

TrackingPipeline::Result TrackEnhance::process(const SourceFrame& frame, double dueMs, bool tracksExist) {
  ++frames_;
  Stopwatch clock;
  std::vector<Detection> detections = pipeline_.detectAt(frame.frame.image, {});
  const double detectMs = clock.elapsedMs();
  std::vector<float> scores;
  for (const Detection& d : detections) scores.push_back(d.score);
  const double difficulty = DifficultyScore::fromConfidences(scores, TurboController::kScoreFloor, tracksExist);
  const std::string key = costKey(frame);
  const bool hard = DifficultyScore::isHard(difficulty, hardThreshold_);
  const bool nothingToUndo = method_ == Method::ClassicOracle && !frame.degradation.degraded();
  // Every frame samples the idle share, so each sample spans one frame interval (as Turbo's controller).
  const auto predicted = costMs_.find(key);
  const bool fit = fits(dueMs, predicted == costMs_.end() ? 0.0 : predicted->second);
  double enhanceMs = 0.0;
  if (hard) {
    ++hard_;
    if (nothingToUndo) {
      ++untouched_;
    } else if (!fit) {
      ++skipped_;
    } else {
      clock.restart();
      detections = runMethod(frame, detections);
      enhanceMs = clock.elapsedMs();
      costMs_[key] = (1.0 - kCostEwma) * costMs_[key] + kCostEwma * enhanceMs;
      enhanceMs_.push_back(enhanceMs);
      ++enhanced_;
    }
  }
  TrackingPipeline::Result tracked = pipeline_.processDetections(frame.frame, std::move(detections));
  const double tailMs = tracked.latency.totalMs();
  LatencyBreakdown latency;
  latency.add("detect", detectMs);
  if (enhanceMs > 0.0) latency.add("enhance", enhanceMs);
  for (const auto& stage : tracked.latency.stages()) latency.add(stage.first, stage.second);
  tracked.latency = latency;
  tailMs_ = 0.8 * tailMs_ + 0.2 * (tailMs + 0.5);
  if (enhanceMs > 0.0 && intervalMs_ > 0.0 && Stopwatch::nowMs() - dueMs > intervalMs_) ++overruns_;
  return tracked;
}

void TrackEnhance::addJson(Json& json) const {
  if (!enabled()) return;
  Json enhance = {{"method", methodName_},
                  {"hard_threshold", hardThreshold_},
                  {"hard_threshold_source", thresholdSource_},
                  {"frames", frames_},
                  {"hard_frames", hard_},
                  {"enhanced_frames", enhanced_},
                  {"skipped_for_budget", skipped_},
                  {"untouched_frames", untouched_},
                  {"overruns", overruns_},
                  {"mean_ms", Percentile::mean(enhanceMs_)},
                  {"p99_ms", Percentile::of(enhanceMs_, 99.0)},
                  {"budget_ms", {{"p50", Percentile::of(budgetMs_, 50.0)}, {"mean", Percentile::mean(budgetMs_)}}},
                  {"predicted_ms", costMs_}};
  if (method_ == Method::Teacher) enhance["teacher"] = teacherSpec_;
  if (method_ == Method::Upscale) {
    enhance["upscale"] = upscale_;
    enhance["input_size"] = std::to_string(upscaleSize_.width) + "x" + std::to_string(upscaleSize_.height);
  }
  json["enhance"] = std::move(enhance);
}

std::string TrackEnhance::summary() const {
  if (!enabled()) return {};
  std::ostringstream out;
  out << "  enhance " << methodName_ << ": " << enhanced_ << " of " << hard_ << " hard frames (d >= " << hardThreshold_
      << "), " << skipped_ << " skipped for budget, " << Percentile::mean(enhanceMs_) << " ms mean, "
      << Percentile::of(enhanceMs_, 99.0) << " ms p99\n";
  return out.str();
}

}  // namespace edgescope
