#include "turbo/TurboWindow.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <utility>

#include "core/Stopwatch.h"
#include "turbo/IdleBudget.h"
#include "turbo/LatencyProfile.h"
#include "util/Error.h"

namespace edgescope {

std::vector<TurboWindow::Batch> TurboWindow::batchesOf(const std::vector<Frame>& frames,
                                                       const std::vector<int>& exits) {
  if (exits.size() != frames.size()) throw Error("TurboWindow: plan and window differ in length");
  std::map<std::pair<int, int>, Batch> byKey;  // (exit, rung) → batch, ascending
  for (std::size_t i = 0; i < frames.size(); ++i) {
    Batch& batch = byKey[{exits[i], frames[i].rung}];
    batch.exit = exits[i];
    batch.rung = frames[i].rung;
    batch.frames.push_back(i);
  }
  std::vector<Batch> batches;
  for (auto& entry : byKey) batches.push_back(std::move(entry.second));
  return batches;
}

TurboWindow::Plan TurboWindow::plan(const TurboPlanner& planner, const LatencyProfile& latency,
                                    const std::vector<Frame>& frames, TurboPlanner::Options options,
                                    const Timing& timing) {
  if (options.strategy == TurboPlanner::Strategy::Brute &&
      frames.size() > static_cast<std::size_t>(TurboPlanner::kMaxBruteFrames)) {
    throw Error("TurboWindow: brute force takes at most " + std::to_string(TurboPlanner::kMaxBruteFrames) +
                " frames per window, got " + std::to_string(frames.size()));
  }
  Stopwatch search;
  Plan p;
  p.exits.assign(frames.size(), 0);
  if (frames.empty()) {
    p.searchUs = search.elapsedMs() * 1000.0;
    return p;
  }
  IdleBudget::Inputs inputs;
  inputs.nowMs = timing.nowMs;
  inputs.thisFrameDueMs = timing.dueMs;
  inputs.nextFrameDueMs = timing.dueMs + timing.intervalMs;
  inputs.latencyBoundMs = timing.intervalMs;
  inputs.predictedTailMs = timing.tailMsPerFrame * static_cast<double>(frames.size());
  inputs.marginMs = timing.marginMs;
  inputs.idleShare = timing.idleShare;
  const IdleBudget::Result slack = IdleBudget::compute(inputs);
  p.slackMs = slack.slackMs;
  // Every frame's heads still run after the choice (exit 0's I_0, paid anyway): the enhancement gets the rest.
  double plainMs = 0.0;
  for (const Frame& f : frames) plainMs += latency.predictMs(f.rung, 0, 1);  // Error naming a bad rung
  const double budget = slack.slackMs - plainMs;
  p.behind = slack.behind || (timing.intervalMs > 0.0 && slack.rawSlackMs - plainMs < 0.0);
  p.budgetMs = std::max(0.0, budget);
  if (slack.behind || timing.intervalMs <= 0.0 || budget <= 0.0) {
    p.batches = batchesOf(frames, p.exits);
    p.searchUs = search.elapsedMs() * 1000.0;
    return p;
  }
  std::vector<TurboPlanner::Frame> window;
  window.reserve(frames.size());
  for (const Frame& f : frames) {
    // A negative difficulty (D_f did not run) is never hard, as NaN.
    const double d = f.difficulty >= 0.0 ? f.difficulty : std::numeric_limits<double>::quiet_NaN();
    window.push_back({d, f.rung});
  }
  options.budgetMs = budget;
  options.countDiscriminator = false;  // D_f ran with the encoder pass, before the window was planned
  const TurboPlanner::Plan planned = planner.plan(window, options);
  p.searchUs = search.elapsedMs() * 1000.0;
  p.exits = planned.exits;
  p.predictedGain = planned.predictedGain;
  p.predictedCostMs = planned.predictedCostMs;
  p.searchSteps = planned.searchSteps;
  p.batches = batchesOf(frames, p.exits);
  return p;
}

}  // namespace edgescope
