#include "net/NodeTurbo.h"

#include <algorithm>
#include <cmath>

#include "net/NetClock.h"
#include "turbo/TurboController.h"
#include "turbo/TurboPlanner.h"

namespace edgescope {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kDefaultPostMs = 2.0;   ///< boxes, embeddings and the reply after the heads, before one is measured
constexpr std::size_t kMaxPeers = 1024;  ///< peers remembered (all forgotten beyond: a fresh start)
constexpr std::size_t kMaxWindow = 16;   ///< frames the planner looks at

bool known(double ms) { return !std::isnan(ms); }

}  // namespace

void NodeTurbo::Estimate::add(double ms) {
  if (!known()) {
    meanMs = ms;
    deviationMs = 0.0;
    return;
  }
  deviationMs = (1.0 - kEwmaAlpha) * deviationMs + kEwmaAlpha * std::abs(ms - meanMs);
  meanMs = (1.0 - kEwmaAlpha) * meanMs + kEwmaAlpha * ms;
}

NodeTurbo::NodeTurbo(TurboController& controller, double slowdown, double marginMs, Clock clock, IdleShare idleShare)
    : controller_(controller),
      slowdown_(std::max(1.0, slowdown)),
      marginMs_(std::max(0.0, marginMs)),
      clock_(clock ? std::move(clock) : Clock([] { return NetClock::nowMs(); })),
      idleShare_(idleShare ? std::move(idleShare) : IdleShare([this] { return procStat_.sample(); })) {}

NodeTurboJob NodeTurbo::admit(const std::string& peer, const wire::Envelope& request, double arrivalMs) {
  NodeTurboJob job;
  job.peer = peer;
  job.detect = request.has_detect_request();
  job.arrivalMs = arrivalMs;
  if (peers_.size() >= kMaxPeers && peers_.count(peer) == 0) peers_.clear();
  PeerMemory& memory = peers_[peer];
  const double gapMs = arrivalMs - memory.lastArrivalMs;
  if (memory.lastArrivalMs >= 0.0 && gapMs > 0.0 && gapMs <= kMaxIntervalMs) memory.interval.add(gapMs);
  memory.lastArrivalMs = arrivalMs;
  const std::uint32_t withinMs = job.detect ? request.detect_request().reply_within_ms() : 0;
  if (withinMs > 0) {
    job.dueMs = arrivalMs + withinMs;
  } else if (request.deadline_ms() > 0) {
    job.dueMs = arrivalMs + request.deadline_ms();
  } else if (memory.interval.known()) {
    job.dueMs = arrivalMs + memory.interval.meanMs;
  }
  if (request.deadline_ms() > 0) job.startByMs = arrivalMs + request.deadline_ms();
  memory.relativeDueMs = job.dueMs - arrivalMs;
  memory.detect = job.detect;
  return job;
}

void NodeTurbo::beginJob(const NodeTurboJob& job, double startMs, QueueProbe queue) {
  job_ = job;
  startMs_ = startMs;
  queue_ = std::move(queue);
  outcome_ = Outcome{};
  choiceElapsedMs_ = -1.0;
  rung_ = 0;
}

double NodeTurbo::windowSlackMs(double nowMs, double remainingMs, const std::vector<NodeTurboJob>& queue) const {
  // The running request's reply: the compute left, and the stretch of all its compute (NodeCompute sleeps it after).
  double finishMs = nowMs + remainingMs * slowdown_ + (slowdown_ - 1.0) * (nowMs - startMs_);
  double slackMs = known(job_.dueMs) ? job_.dueMs - finishMs : kInf;
  for (const NodeTurboJob& next : queue) {
    const Estimate& service = next.detect ? detect_ : other_;
    if (!service.known()) return kNaN;
    if (known(next.startByMs)) slackMs = std::min(slackMs, next.startByMs - finishMs);
    finishMs += service.upperMs();
    if (known(next.dueMs)) slackMs = std::min(slackMs, next.dueMs - finishMs);
  }
  // Each paced peer's next request, served when it arrives or when the queue ahead of it is done.
  std::vector<std::pair<double, const PeerMemory*>> upcoming;
  for (const auto& entry : peers_) {
    const PeerMemory& memory = entry.second;
    if (!paced(memory, nowMs) || !known(memory.relativeDueMs)) continue;
    const double arrivalMs = memory.lastArrivalMs + memory.interval.meanMs;
    if (arrivalMs > nowMs + kHorizonMs) continue;  // far off
    upcoming.emplace_back(arrivalMs, &memory);
  }
  std::sort(upcoming.begin(), upcoming.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  double idleMs = 0.0;  // idle time before a request that arrives after the work ahead of it: it absorbs a delay
  for (const auto& [arrivalMs, memory] : upcoming) {
    const Estimate& service = memory->detect ? detect_ : other_;
    if (!service.known()) return kNaN;
    idleMs += std::max(0.0, arrivalMs - finishMs);
    finishMs = std::max(finishMs, arrivalMs) + service.upperMs();
    slackMs = std::min(slackMs, arrivalMs + memory->relativeDueMs - finishMs + idleMs);
  }
  return slackMs - marginMs_;
}

bool NodeTurbo::paced(const PeerMemory& memory, double nowMs) {
  return memory.interval.known() && memory.lastArrivalMs + 2.0 * memory.interval.meanMs >= nowMs;
}

int NodeTurbo::capForUnannounced(int exit, double nowMs, double tailMs) const {
  const LatencyProfile& latency = controller_.latency();
  for (const auto& entry : peers_) {
    const PeerMemory& memory = entry.second;
    if (exit == 0) break;
    if (paced(memory, nowMs) || !known(memory.relativeDueMs) || nowMs - memory.lastArrivalMs > kMaxIntervalMs) continue;
    const Estimate& service = memory.detect ? detect_ : other_;
    if (!service.known()) return 0;
    for (; exit > 0; --exit) {  // the last block (and what follows it) cannot be interrupted
      const double lastBlockMs =
          std::max(0.0, latency.predictMs(rung_, exit, 1) - latency.predictMs(rung_, exit - 1, 1));
      if ((lastBlockMs * risk() + tailMs) * slowdown_ + service.upperMs() <= memory.relativeDueMs - marginMs_) break;
    }
  }
  return exit;
}

TurboExitPolicy::Choice NodeTurbo::chooseExit(double difficulty, int rung) {
  Choice choice;
  const double nowMs = clock_();
  outcome_.planned = true;
  outcome_.difficulty = difficulty;
  rung_ = rung;
  choiceElapsedMs_ = nowMs - startMs_;
  if (difficulty >= 0.0) peers_[job_.peer].difficulty = difficulty;
  if (!(difficulty >= 0.0) || !job_.detect || !known(job_.dueMs)) return choice;
  const LatencyProfile& latency = controller_.latency();
  const double tailMs = tail_.known() ? tail_.upperMs() : latency.predictMs(rung, 0, 1) + kDefaultPostMs;
  const std::vector<NodeTurboJob> queue = queue_ ? queue_() : std::vector<NodeTurboJob>{};
  const double slackMs = windowSlackMs(nowMs, tailMs, queue);
  if (!known(slackMs)) return choice;  // a queued request's time is not known yet: plain
  choice.behind = slackMs < 0.0;
  if (nowMs - lastIdleSampleMs_ >= kIdleSampleMs) {
    idle_ = std::clamp(idleShare_(), 0.0, 1.0);
    lastIdleSampleMs_ = nowMs;
  }
  // The planner's times are the profile's: unstretched, as predicted; other work leaves the cores' idle share.
  const double budgetMs = slackMs / slowdown_ / risk() * idle_;
  choice.budgetMs = std::max(0.0, budgetMs);
  outcome_.budgetMs = choice.budgetMs;
  if (budgetMs <= 0.0) return choice;
  std::vector<TurboPlanner::Frame> frames{{difficulty, rung}};
  for (const NodeTurboJob& next : queue) {
    if (frames.size() >= kMaxWindow) break;
    if (!next.detect || !known(next.dueMs)) continue;  // never enhanced: no share of the budget
    const auto memory = peers_.find(next.peer);
    frames.push_back({memory == peers_.end() ? kNaN : memory->second.difficulty, rung});
  }
  TurboPlanner::Options options;
  options.budgetMs = budgetMs;
  options.hardThreshold = controller_.config().hardThreshold;
  options.maxExit = controller_.config().maxExit;
  options.countDiscriminator = false;  // D_f runs on every request: it is in the measured service times
  const TurboPlanner::Plan plan = TurboPlanner(controller_.gain(), latency).plan(frames, options);
  choice.exit = capForUnannounced(plan.exits.empty() ? 0 : plan.exits.front(), nowMs, tailMs);
  outcome_.plannedExit = choice.exit;
  return choice;
}

TurboYield NodeTurbo::atBlock(int blocksDone, int plannedExit, double enhanceMs) {
  const double nowMs = clock_();
  const std::vector<NodeTurboJob> queue = queue_ ? queue_() : std::vector<NodeTurboJob>{};
  const LatencyProfile& latency = controller_.latency();
  const double headsMs = latency.predictMs(rung_, 0, 1);
  const double tailMs = tail_.known() ? tail_.upperMs() : headsMs + kDefaultPostMs;
  // Exit κ's profile time covers its blocks, the re-entered backbone and the heads; the blocks run so far are spent.
  const auto remainingMs = [&](int exit) {
    return tailMs - headsMs + std::max(headsMs, latency.predictMs(rung_, exit, 1) * risk() - enhanceMs);
  };
  if (windowSlackMs(nowMs, remainingMs(plannedExit), queue) >= 0.0) return TurboYield::Continue;
  outcome_.yielded = true;
  if (windowSlackMs(nowMs, remainingMs(blocksDone), queue) >= 0.0) return TurboYield::KeepCompleted;
  return TurboYield::Plain;
}

void NodeTurbo::frameDone(int exit, double enhanceMs) {
  outcome_.exit = exit;
  outcome_.enhanceMs = enhanceMs;
  // Before the controller's LatencyProfile::observe(): the residual error of the prediction the plan used.
  const double predictedMs = exit > 0 ? controller_.latency().predictMs(rung_, exit, 1) : 0.0;
  if (predictedMs > 0.0) ratio_.add(enhanceMs / predictedMs);
}

void NodeTurbo::endJob(double serviceMs) {
  if (!job_.detect) {
    other_.add(serviceMs);
    return;
  }
  // As if it had run plain: an enhanced exit replaced the heads; a dropped enhancement ran beside them.
  const double headsMs = controller_.latency().predictMs(rung_, 0, 1);
  const double extraMs =
      outcome_.enhanceMs > 0.0 ? std::max(0.0, outcome_.enhanceMs - (outcome_.exit > 0 ? headsMs : 0.0)) : 0.0;
  detect_.add(std::max(0.0, serviceMs - extraMs * slowdown_));
  if (choiceElapsedMs_ >= 0.0) tail_.add(std::max(0.0, serviceMs / slowdown_ - choiceElapsedMs_ - extraMs));
}

}  // namespace edgescope
