#include "turbo/TurboSearchBench.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/Stopwatch.h"
#include "turbo/GainProfile.h"
#include "turbo/LatencyProfile.h"
#include "util/Error.h"
#include "util/Percentile.h"
#include "util/Rng.h"

namespace edgescope {

namespace {

struct Instance {
  std::vector<TurboPlanner::Frame> frames;
  double budgetMs = 0.0;
};

Instance randomInstance(Rng& rng, const TurboPlanner& planner, const LatencyProfile& latency,
                        const TurboSearchBench::Options& options) {
  Instance instance;
  const int maxExit = std::clamp(options.maxExit, 0, latency.maxExit());
  double everythingMs = 0.0;  // every hard frame alone at the deepest exit
  for (int i = 0; i < options.frames; ++i) {
    TurboPlanner::Frame f;
    f.difficulty = rng.uniform();
    f.rung = rng.uniformInt(0, latency.rungCount() - 1);
    if (f.difficulty >= options.hardThreshold && maxExit > 0)
      everythingMs += std::max(0.0, planner.extraMs(f.rung, maxExit, 1));
    instance.frames.push_back(f);
  }
  instance.budgetMs = rng.uniform(0.0, everythingMs);
  return instance;
}

}  // namespace

std::vector<TurboSearchBench::Result> TurboSearchBench::run(const GainProfile& gains, const LatencyProfile& latency,
                                                            const Options& options) {
  if (options.frames < 1 || options.frames > 64)
    throw Error("TurboSearchBench: frames per window " + std::to_string(options.frames) + " outside 1..64");
  if (options.instances < 1)
    throw Error("TurboSearchBench: instances " + std::to_string(options.instances) + " must be >= 1");
  const bool wantsBrute = std::find(options.strategies.begin(), options.strategies.end(),
                                    TurboPlanner::Strategy::Brute) != options.strategies.end();
  if (wantsBrute && options.frames > TurboPlanner::kMaxBruteFrames) {
    throw Error("TurboSearchBench: brute force takes at most " + std::to_string(TurboPlanner::kMaxBruteFrames) +
                " frames per window, got " + std::to_string(options.frames));
  }
  if (options.strategies.empty()) throw Error("TurboSearchBench: no strategy to run");
  const TurboPlanner planner(gains, latency);
  Rng rng(options.seed);
  std::vector<Instance> instances;
  instances.reserve(static_cast<std::size_t>(options.instances));
  for (int i = 0; i < options.instances; ++i) instances.push_back(randomInstance(rng, planner, latency, options));

  const std::size_t strategies = options.strategies.size();
  std::vector<std::vector<double>> searchUs(strategies), gain(strategies);
  std::vector<int> overBudget(strategies, 0);
  for (const Instance& instance : instances) {
    TurboPlanner::Options o;
    o.budgetMs = instance.budgetMs;
    o.hardThreshold = options.hardThreshold;
    o.maxExit = options.maxExit;
    o.countDiscriminator = false;
    for (std::size_t s = 0; s < strategies; ++s) {
      o.strategy = options.strategies[s];
      Stopwatch clock;
      const TurboPlanner::Plan plan = planner.plan(instance.frames, o);
      searchUs[s].push_back(clock.elapsedMs() * 1000.0);
      gain[s].push_back(plan.predictedGain);
      // The all-zero plan is the planner's answer when nothing fits (budget 0): only a positive exit can overspend.
      const bool anyExit = std::any_of(plan.exits.begin(), plan.exits.end(), [](int e) { return e > 0; });
      if (anyExit && plan.predictedCostMs > instance.budgetMs + 1e-6) ++overBudget[s];
    }
  }
  const auto bruteAt = std::find(options.strategies.begin(), options.strategies.end(), TurboPlanner::Strategy::Brute);
  const bool haveBrute = bruteAt != options.strategies.end();
  const std::size_t brute = static_cast<std::size_t>(bruteAt - options.strategies.begin());
  std::vector<Result> results;
  for (std::size_t s = 0; s < strategies; ++s) {
    Result r;
    r.strategy = options.strategies[s];
    r.searchUsP50 = Percentile::of(searchUs[s], 50.0);
    r.searchUsP99 = Percentile::of(searchUs[s], 99.0);
    r.searchUsMax = *std::max_element(searchUs[s].begin(), searchUs[s].end());
    double sum = 0.0;
    for (double g : gain[s]) sum += g;
    r.meanGain = sum / static_cast<double>(gain[s].size());
    r.overBudget = overBudget[s];
    if (haveBrute) {
      double loss = 0.0, worst = 0.0;
      for (std::size_t i = 0; i < gain[s].size(); ++i) {
        const double l = gain[brute][i] - gain[s][i];
        loss += l;
        worst = std::max(worst, l);
        if (std::fabs(l) <= 1e-9) ++r.optimal;
      }
      r.meanLossVsBrute = loss / static_cast<double>(gain[s].size());
      r.maxLossVsBrute = worst;
    } else {
      r.meanLossVsBrute = r.maxLossVsBrute = std::numeric_limits<double>::quiet_NaN();
    }
    results.push_back(r);
  }
  return results;
}

}  // namespace edgescope
