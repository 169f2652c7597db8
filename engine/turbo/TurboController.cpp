#include "turbo/TurboController.h"

#include <cmath>

#include "core/Stopwatch.h"
#include "eval/DetectionAccumulator.h"
#include "turbo/DifficultyScore.h"

namespace edgescope {

TurboController::TurboController(GainProfile gain, LatencyProfile latency, double cardHardThreshold, std::uint64_t seed)
    : gain_(std::move(gain)),
      latency_(std::move(latency)),
      cardHardThreshold_(cardHardThreshold),
      idle_("/proc/stat", "/proc/self/stat"),
      rng_(seed) {
  config_.hardThreshold = cardHardThreshold_;
}

void TurboController::beginFrame(double dueMs, double nextDueMs, double latencyBoundMs, double tailMs,
                                 bool tracksPredictPeople, std::vector<MotRow> groundTruth) {
  frame_ = IdleBudget::Inputs{};
  frame_.thisFrameDueMs = dueMs;
  frame_.nextFrameDueMs = nextDueMs;
  frame_.latencyBoundMs = config_.latencyMs > 0 ? config_.latencyMs : latencyBoundMs;
  frame_.predictedTailMs = tailMs;
  frame_.marginMs = config_.marginMs;
  tracksPredictPeople_ = tracksPredictPeople;
  groundTruth_ = std::move(groundTruth);
  last_ = TurboFrameStatus{};
  last_.active = config_.enabled;
}

bool TurboController::wantsPlainFirst() const {
  return config_.compare || baseline_ == Baseline::Oracle ||
         (baseline_ == Baseline::None && config_.difficulty == TurboDifficultySource::Confidence);
}

bool TurboController::wantsDiscriminator() const {
  return baseline_ == Baseline::None && config_.difficulty == TurboDifficultySource::Discriminator;
}

int TurboController::chooseExit(double discriminatorDifficulty, const std::vector<Detection>* plain, int rung) {
  if (!config_.enabled || config_.maxExit <= 0) return 0;
  Stopwatch search;
  double d = discriminatorDifficulty;
  if (baseline_ == Baseline::Random) {
    d = rng_.uniform();
  } else if (baseline_ == Baseline::Oracle) {
    d = plain && DetectionAccumulator::frameF1(groundTruth_, *plain, kScoreFloor) < 0.8 ? 1.0 : 0.0;
  } else if (config_.difficulty == TurboDifficultySource::Confidence && plain) {
    std::vector<float> scores;
    for (const Detection& detection : *plain) scores.push_back(detection.score);
    d = DifficultyScore::fromConfidences(scores, kScoreFloor, tracksPredictPeople_);
  }
  last_.difficulty = d;
  if (policy_) {
    const TurboExitPolicy::Choice choice = policy_->chooseExit(d, rung);
    last_.budgetMs = choice.budgetMs;
    last_.behind = choice.behind;
    last_.searchUs = search.elapsedMs() * 1000.0;
    last_.predictedGain = choice.exit > 0 && d >= 0.0 ? gain_.gain(d, choice.exit) : 0.0;
    return choice.exit;
  }
  if (!(d >= 0.0) || frame_.latencyBoundMs <= 0.0) return 0;
  IdleBudget::Inputs inputs = frame_;
  inputs.idleShare = useIdleShare_ ? idle_.sample() : 1.0;  // reading /proc is not search time
  search.restart();
  inputs.nowMs = Stopwatch::nowMs();
  const IdleBudget::Result slack = IdleBudget::compute(inputs);
  last_.behind = slack.behind;
  // The heads still have to run after the choice (exit 0's cost I_0): the planner spends what is left on the extra.
  const double budget = slack.slackMs - latency_.predictMs(rung, 0, 1);
  last_.budgetMs = std::max(0.0, budget);
  if (slack.behind || budget <= 0.0) {
    last_.searchUs = search.elapsedMs() * 1000.0;
    return 0;
  }
  TurboPlanner::Options options;
  options.strategy = strategy_;
  options.budgetMs = budget;
  options.hardThreshold = config_.hardThreshold;
  options.maxExit = config_.maxExit;
  options.countDiscriminator = false;  // D_f has run already
  const TurboPlanner planner(gain_, latency_);
  const TurboPlanner::Plan plan = planner.plan({TurboPlanner::Frame{d, rung}}, options);
  last_.searchUs = search.elapsedMs() * 1000.0;
  const int exit = plan.exits.empty() ? 0 : plan.exits.front();
  last_.predictedGain = exit > 0 ? gain_.gain(d, exit) : 0.0;
  return exit;
}

TurboYield TurboController::atBlock(int blocksDone, int plannedExit, double enhanceMs) {
  return policy_ ? policy_->atBlock(blocksDone, plannedExit, enhanceMs) : TurboYield::Continue;
}

void TurboController::endFrame(int exit, double enhanceMs, double discriminateMs, bool fellBack, int rung) {
  if (policy_) policy_->frameDone(fellBack ? 0 : exit, enhanceMs);
  last_.exit = exit;
  last_.discriminateMs = discriminateMs;
  last_.spentMs = exit > 0 ? enhanceMs : 0.0;
  last_.fellBack = fellBack;
  if (exit > 0 && !fellBack) latency_.observe(rung, exit, 1, enhanceMs);
  const double deadline = std::isfinite(frame_.nextFrameDueMs)
                              ? std::min(frame_.nextFrameDueMs, frame_.thisFrameDueMs + frame_.latencyBoundMs)
                              : frame_.thisFrameDueMs + frame_.latencyBoundMs;
  last_.overran = exit > 0 && Stopwatch::nowMs() + frame_.predictedTailMs > deadline;
}

}  // namespace edgescope
