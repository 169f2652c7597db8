#include "turbo/TurboPlanner.h"

#include <algorithm>
#include <limits>
#include <map>
#include <string>
#include <tuple>
#include <utility>

#include "turbo/GainProfile.h"
#include "turbo/LatencyProfile.h"
#include "util/Error.h"

namespace edgescope {

namespace {

/// Absorbs rounding when a cost is compared with the budget it was planned against.
constexpr double kBudgetToleranceMs = 1e-9;

bool fits(double costMs, double budgetMs) { return costMs <= budgetMs + kBudgetToleranceMs; }

}  // namespace

TurboPlanner::TurboPlanner(const GainProfile& gains, const LatencyProfile& latency)
    : gains_(gains), latency_(latency) {}

const char* TurboPlanner::strategyName(Strategy strategy) {
  switch (strategy) {
    case Strategy::Prune:
      return "prune";
    case Strategy::Brute:
      return "brute";
    case Strategy::Ratio:
      return "ratio";
  }
  return "?";
}

double TurboPlanner::extraMs(int rung, int exit, int n) const {
  if (exit == 0 || n == 0) return 0.0;
  return latency_.predictMs(rung, exit, n) - n * latency_.predictMs(rung, 0, 1);
}

double TurboPlanner::costMs(const std::vector<Frame>& frames, const std::vector<int>& exits,
                            bool countDiscriminator) const {
  if (exits.size() != frames.size()) throw Error("TurboPlanner: plan and window differ in length");
  std::map<std::pair<int, int>, int> batches;  // (rung, exit) → n; ascending, the order brute() sums in
  for (size_t i = 0; i < frames.size(); ++i) {
    if (exits[i] > 0) ++batches[{frames[i].rung, exits[i]}];
  }
  double cost = countDiscriminator ? frames.size() * latency_.discriminatorMs() : 0.0;
  for (const auto& [key, n] : batches) cost += extraMs(key.first, key.second, n);
  return cost;
}

double TurboPlanner::gain(const std::vector<Frame>& frames, const std::vector<int>& exits) const {
  if (exits.size() != frames.size()) throw Error("TurboPlanner: plan and window differ in length");
  double total = 0.0;
  for (size_t i = 0; i < frames.size(); ++i) {
    if (exits[i] > 0) total += gains_.gain(frames[i].difficulty, exits[i]);
  }
  return total;
}

TurboPlanner::Plan TurboPlanner::plan(const std::vector<Frame>& frames, const Options& options) const {
  if (options.strategy == Strategy::Brute && frames.size() > static_cast<size_t>(kMaxBruteFrames)) {
    throw Error("TurboPlanner: brute force takes at most " + std::to_string(kMaxBruteFrames) + " frames, got " +
                std::to_string(frames.size()));
  }
  for (const Frame& f : frames) latency_.measuredBatch(f.rung, 0);  // Error naming a bad rung
  const int maxExit = std::clamp(options.maxExit, 0, std::min(gains_.maxExit(), latency_.maxExit()));
  Plan p = options.strategy == Strategy::Brute ? brute(frames, options, maxExit) : greedy(frames, options, maxExit);
  p.predictedGain = gain(frames, p.exits);
  p.predictedCostMs = costMs(frames, p.exits, options.countDiscriminator);
  return p;
}

TurboPlanner::Plan TurboPlanner::greedy(const std::vector<Frame>& frames, const Options& options, int maxExit) const {
  Plan p;
  p.exits.assign(frames.size(), 0);
  // Step 1 of prune-and-search puts a hard frame at the deepest exit, which assumes the gain grows with the exit; a
  // measured profile need not (a deeper exit can gain less, even lose): start at the exit of highest gain instead
  // (the lowest of ties; 0 when no exit gains). With a monotone profile this is maxExit, as in the paper.
  for (size_t i = 0; i < frames.size(); ++i) {
    if (!DifficultyScore::isHard(frames[i].difficulty, options.hardThreshold)) continue;
    double best = 0.0;
    for (int exit = 1; exit <= maxExit; ++exit) {
      const double g = gains_.gain(frames[i].difficulty, exit);
      if (g > best) best = g, p.exits[i] = exit;
    }
  }
  const bool byRatio = options.strategy == Strategy::Ratio;
  double cost = costMs(frames, p.exits, options.countDiscriminator);
  while (!fits(cost, options.budgetMs)) {
    // Key, smallest first: (gain lost per ms saved [Ratio only], gain lost, difficulty, index).
    using Key = std::tuple<double, double, double, size_t>;
    Key best{0, 0, 0, frames.size()};
    for (size_t i = 0; i < frames.size(); ++i) {
      const int level = p.exits[i];
      if (level == 0) continue;
      const double d = frames[i].difficulty;
      const double lost = gains_.gain(d, level) - gains_.gain(d, level - 1);
      double ratio = 0.0;
      if (byRatio) {
        p.exits[i] = level - 1;
        const double savedMs = cost - costMs(frames, p.exits, options.countDiscriminator);
        p.exits[i] = level;
        ratio = savedMs > 0.0 ? lost / savedMs : std::numeric_limits<double>::infinity();
      }
      const Key key{ratio, lost, d, i};
      if (std::get<3>(best) == frames.size() || key < best) best = key;
    }
    const size_t chosen = std::get<3>(best);
    if (chosen == frames.size()) break;  // all at exit 0 and still over: the all-zero plan
    --p.exits[chosen];
    ++p.searchSteps;
    cost = costMs(frames, p.exits, options.countDiscriminator);
  }
  return p;
}

TurboPlanner::Plan TurboPlanner::brute(const std::vector<Frame>& frames, const Options& options, int maxExit) const {
  std::vector<size_t> eligible;
  std::vector<int> rungs;
  for (size_t i = 0; i < frames.size(); ++i) {
    if (!DifficultyScore::isHard(frames[i].difficulty, options.hardThreshold)) continue;
    eligible.push_back(i);
    rungs.push_back(frames[i].rung);
  }
  std::sort(rungs.begin(), rungs.end());
  rungs.erase(std::unique(rungs.begin(), rungs.end()), rungs.end());
  const int k = static_cast<int>(eligible.size());
  const int exits = maxExit + 1;
  // Per eligible frame: its rung's index and its gain at each exit; per (rung index, exit, n): the batch's extra ms.
  std::vector<int> rungOf(k);
  std::vector<std::vector<double>> gainOf(k, std::vector<double>(exits, 0.0));
  std::vector<std::vector<std::vector<double>>> extra(rungs.size(), std::vector<std::vector<double>>(exits));
  for (int j = 0; j < k; ++j) {
    const Frame& f = frames[eligible[j]];
    rungOf[j] = static_cast<int>(std::lower_bound(rungs.begin(), rungs.end(), f.rung) - rungs.begin());
    for (int e = 1; e < exits; ++e) gainOf[j][e] = gains_.gain(f.difficulty, e);
  }
  for (size_t r = 0; r < rungs.size(); ++r) {
    for (int e = 0; e < exits; ++e) {
      for (int n = 0; n <= k; ++n) extra[r][e].push_back(extraMs(rungs[r], e, n));
    }
  }
  const double discriminatorMs = options.countDiscriminator ? frames.size() * latency_.discriminatorMs() : 0.0;

  std::vector<int> digits(k, 0);
  std::vector<std::vector<int>> counts(rungs.size(), std::vector<int>(exits, 0));
  for (int j = 0; j < k; ++j) ++counts[rungOf[j]][0];
  Plan p;
  p.exits.assign(frames.size(), 0);
  bool found = false;
  double bestGain = 0.0;
  double bestCost = 0.0;
  std::vector<int> bestDigits(k, 0);
  while (true) {
    double cost = discriminatorMs;
    for (size_t r = 0; r < rungs.size(); ++r) {
      for (int e = 1; e < exits; ++e) cost += extra[r][e][counts[r][e]];
    }
    ++p.searchSteps;
    if (fits(cost, options.budgetMs)) {
      double g = 0.0;
      for (int j = 0; j < k; ++j) g += gainOf[j][digits[j]];
      if (!found || g > bestGain + 1e-12 || (g >= bestGain - 1e-12 && cost < bestCost)) {
        found = true;
        bestGain = g;
        bestCost = cost;
        bestDigits = digits;
      }
    }
    int j = 0;  // odometer step, keeping the batch counts in step
    for (; j < k; ++j) {
      --counts[rungOf[j]][digits[j]];
      digits[j] = digits[j] == maxExit ? 0 : digits[j] + 1;
      ++counts[rungOf[j]][digits[j]];
      if (digits[j] != 0) break;
    }
    if (j == k) break;
  }
  if (found) {
    for (int j = 0; j < k; ++j) p.exits[eligible[j]] = bestDigits[j];
  }
  return p;
}

}  // namespace edgescope
