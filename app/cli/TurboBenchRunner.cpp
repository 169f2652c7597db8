#include "cli/TurboBenchRunner.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "core/Stopwatch.h"
#include "neural/TurboBatch.h"
#include "turbo/DifficultyScore.h"
#include "turbo/TurboWindow.h"
#include "util/Error.h"
#include "util/Percentile.h"

#include <nlohmann/json.hpp>

namespace edgescope {
namespace {

double mean(const std::vector<double>& values) {
  double sum = 0.0;
  for (double v : values) sum += v;
  return values.empty() ? 0.0 : sum / static_cast<double>(values.size());
}

double total(const std::vector<double>& values) {
  double sum = 0.0;
  for (double v : values) sum += v;
  return sum;
}

std::vector<float> scoresOf(const std::vector<Detection>& detections) {
  std::vector<float> scores;
  for (const Detection& d : detections) scores.push_back(d.score);
  return scores;
}

}  // namespace

TurboBenchRunner::TurboBenchRunner(TurboBatch& batch, GainProfile gains, LatencyProfile latency,
                                   std::vector<cv::Size> rungSizes, Settings settings)
    : batch_(batch),
      gains_(std::move(gains)),
      latency_(std::move(latency)),
      rungSizes_(std::move(rungSizes)),
      settings_(settings),
      idle_("/proc/stat", "/proc/self/stat") {
  if (rungSizes_.empty() || static_cast<int>(rungSizes_.size()) > latency_.rungCount())
    throw Error("turbo-bench: " + std::to_string(rungSizes_.size()) + " input sizes but the latency profile has " +
                std::to_string(latency_.rungCount()) + " rungs");
}

double TurboBenchRunner::batchMs(int rung, int exit, int n) const {
  return std::min(latency_.predictMs(rung, exit, n), n * latency_.predictMs(rung, exit, 1));
}

int TurboBenchRunner::rungOf(cv::Size inputSize) const {
  const auto it = std::find(rungSizes_.begin(), rungSizes_.end(), inputSize);
  if (it == rungSizes_.end())
    throw Error("turbo-bench: no latency profile rung for input size " + std::to_string(inputSize.width) + "x" +
                std::to_string(inputSize.height));
  return static_cast<int>(it - rungSizes_.begin());
}

void TurboBenchRunner::warmUp(int maxBatch) {
  for (const cv::Size& size : rungSizes_) {
    batch_.timeDiscriminator(size);
    for (int exit = 0; exit <= batch_.exits(); ++exit)
      for (int n = 1; n <= std::max(1, maxBatch); ++n) batch_.timeExit(size, exit, n);
  }
}

void TurboBenchRunner::run(std::vector<std::unique_ptr<TurboBenchStream>>& streams,
                           const std::function<void(std::int64_t)>& progress) {
  const TurboPlanner planner(gains_, latency_);
  const double periodMs = settings_.intervalMs;
  double startMs = -1.0;
  std::int64_t done = 0;
  for (std::int64_t k = 0;; ++k) {
    std::vector<TurboBenchStream*> due;  // decoded before the period starts, as a camera's frame arrives whole
    for (auto& stream : streams)
      if (stream->read()) due.push_back(stream.get());
    if (due.empty()) break;
    const double arrivedMs = Stopwatch::nowMs();
    if (startMs < 0.0) startMs = arrivedMs;
    const double dueMs = startMs + static_cast<double>(k) * periodMs;
    if (dueMs > arrivedMs) std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(dueMs - arrivedMs));

    const std::size_t m = due.size();
    std::vector<TurboEncodedFrame> encoded(m);
    std::vector<TurboWindow::Frame> frames(m);
    std::vector<std::vector<Detection>> plain(m);
    for (std::size_t i = 0; i < m; ++i) {
      encoded[i] = batch_.encode(due[i]->frame().frame.image, due[i]->inputSize(), !settings_.confidence);
      double d = encoded[i].discriminatorDifficulty;
      if (settings_.confidence) {  // Eq. 1 needs the plain detections: exit 0 runs first for every frame
        plain[i] = std::move(batch_.finish({&encoded[i]}, 0).detections.front());
        d = DifficultyScore::fromConfidences(scoresOf(plain[i]), settings_.scoreFloor, due[i]->tracksPredictPeople());
      }
      encodeMs_.push_back(encoded[i].encodeMs + encoded[i].discriminateMs);
      frames[i] = {due[i]->index(), d, rungOf(due[i]->inputSize())};
    }
    TurboWindow::Timing timing;
    timing.idleShare = settings_.useIdleShare ? idle_.sample() : 1.0;  // reading /proc is not search time
    timing.dueMs = dueMs;
    timing.intervalMs = periodMs;
    timing.tailMsPerFrame = tailMs_;
    timing.marginMs = settings_.marginMs;
    timing.nowMs = Stopwatch::nowMs();
    const TurboWindow::Plan plan = TurboWindow::plan(planner, latency_, frames, settings_.planner, timing);
    ++windows_;
    behind_ += plan.behind ? 1 : 0;
    maxFrames_ = std::max(maxFrames_, static_cast<int>(m));
    searchUs_.push_back(plan.searchUs);
    budgetMs_.push_back(plan.budgetMs);
    slackMs_.push_back(plan.slackMs);
    predictedGain_.push_back(plan.predictedGain);
    predictedCostMs_.push_back(plan.predictedCostMs);

    double spentMs = 0.0;
    for (std::size_t b = 0; b < plan.batches.size(); ++b) {
      const TurboWindow::Batch& batch = plan.batches[b];
      const int n = static_cast<int>(batch.frames.size());
      int exit = batch.exit;
      bool demoted = false;
      if (exit > 0) {  // guard: this batch, the tails and every later frame's plain heads must still fit the period
        double laterMs = 0.0;
        for (std::size_t later = b + 1; later < plan.batches.size(); ++later)
          laterMs += static_cast<double>(plan.batches[later].frames.size()) *
                     (latency_.predictMs(plan.batches[later].rung, 0, 1) + tailMs_);
        const double endMs = Stopwatch::nowMs() + batchMs(batch.rung, exit, n) + n * tailMs_ + laterMs;
        if (endMs > dueMs + periodMs - settings_.marginMs) exit = 0, demoted = true;
      }
      std::vector<const TurboEncodedFrame*> members;
      for (std::size_t i : batch.frames) members.push_back(&encoded[i]);
      TurboBatchResult result;
      if (exit > 0 && n > 1 && latency_.predictMs(batch.rung, exit, n) > n * latency_.predictMs(batch.rung, exit, 1)) {
        // The profile says this batch costs more than its frames one by one (measured on the 2-core CPU at 768x576
        // for exits >= 3; activations beyond glibc's 32 MB mmap threshold get fresh pages on every run).
        for (const TurboEncodedFrame* member : members) {
          TurboBatchResult one = batch_.finish({member}, exit);
          if (!one.fellBack.front()) latency_.observe(batch.rung, exit, 1, one.ms);
          result.detections.push_back(std::move(one.detections.front()));
          result.fellBack.push_back(one.fellBack.front());
          result.ms += one.ms;
        }
        spentMs += result.ms;
      } else if (exit > 0 || !settings_.confidence) {
        result = batch_.finish(members, exit);
        const bool anyFallback =
            std::find(result.fellBack.begin(), result.fellBack.end(), true) != result.fellBack.end();
        if (exit > 0) {
          spentMs += result.ms;
          if (!anyFallback) latency_.observe(batch.rung, exit, n, result.ms);
        }
      }
      for (std::size_t j = 0; j < batch.frames.size(); ++j) {
        const std::size_t i = batch.frames[j];
        TurboBenchOutcome outcome;
        outcome.difficulty = frames[i].difficulty;
        outcome.hard = DifficultyScore::isHard(frames[i].difficulty, settings_.planner.hardThreshold);
        outcome.demoted = demoted;
        outcome.fellBack = exit > 0 && result.fellBack[j];
        outcome.exit = outcome.fellBack ? 0 : exit;
        outcome.predictedGain = outcome.exit > 0 ? gains_.gain(frames[i].difficulty, outcome.exit) : 0.0;
        outcome.spentMs = exit > 0 ? result.ms / n : 0.0;
        const std::vector<Detection>& detections = exit == 0 && settings_.confidence ? plain[i] : result.detections[j];
        const double trackMs = due[i]->complete(detections, outcome, dueMs, periodMs);
        tailMs_ = 0.8 * tailMs_ + 0.2 * (trackMs + 0.5);
        ++done;
      }
    }
    spentMs_.push_back(spentMs);
    if (progress) progress(done);
  }
}

Json TurboBenchRunner::toJson() const {
  return {{"windows", windows_},
          {"frames_per_window", {{"max", maxFrames_}}},
          {"search_us",
           {{"p50", Percentile::of(searchUs_, 50.0)},
            {"p99", Percentile::of(searchUs_, 99.0)},
            {"max", searchUs_.empty() ? 0.0 : *std::max_element(searchUs_.begin(), searchUs_.end())}}},
          {"budget_ms", {{"p50", Percentile::of(budgetMs_, 50.0)}, {"mean", mean(budgetMs_)}}},
          {"slack_ms", {{"p50", Percentile::of(slackMs_, 50.0)}}},
          {"behind_windows", behind_},
          {"predicted_gain", {{"total", total(predictedGain_)}, {"per_window", mean(predictedGain_)}}},
          {"predicted_cost_ms", {{"total", total(predictedCostMs_)}}},
          {"spent_ms", {{"total", total(spentMs_)}, {"per_window", mean(spentMs_)}}},
          {"encode_ms", {{"p50", Percentile::of(encodeMs_, 50.0)}}}};
}

}  // namespace edgescope
