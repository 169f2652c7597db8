// TurboPlanner: prune-and-search and the ratio greedy against brute force on random windows (never over budget, never
// above the optimum, the mean gap bounded), the hard-threshold rule, batching, the brute-force size limit, zero budget.
#include <QtTest>

#include <algorithm>
#include <random>

#include "turbo/GainProfile.h"
#include "turbo/LatencyProfile.h"
#include "turbo/TurboPlanner.h"
#include "util/Error.h"

using namespace edgescope;
using Strategy = TurboPlanner::Strategy;

namespace {

constexpr int kInstances = 600;
constexpr double kPlainMs = 20.0;  // the plain detector per frame at rung 0 in the hand-made profiles

/// P[b][e] = e × (b + 1) / 10 mAP points.
GainProfile linearGains(int maxExit) {
  std::vector<std::vector<double>> t(GainProfile::kBucketCount, std::vector<double>(maxExit + 1));
  for (int b = 0; b < GainProfile::kBucketCount; ++b) {
    for (int e = 0; e <= maxExit; ++e) t[b][e] = e * (b + 1) / 10.0;
  }
  return GainProfile(t);
}

/// One rung; plain detector n·kPlainMs; exit e adds extra[e − 1](n) = e·@p exitMs·(1 + @p batchSlope·(n − 1)).
LatencyProfile simpleLatency(int maxExit, double exitMs, double batchSlope, double discriminatorMs) {
  std::vector<std::vector<double>> exits(maxExit + 1);
  for (int e = 0; e <= maxExit; ++e) {
    for (int n = 1; n <= 4; ++n) exits[e].push_back(n * kPlainMs + e * exitMs * (1 + batchSlope * (n - 1)));
  }
  return LatencyProfile("test", 1, "sha", discriminatorMs, {exits});
}

struct Instance {
  std::vector<std::vector<double>> gains;
  std::vector<std::vector<std::vector<double>>> timesMs;
  double discriminatorMs = 0.0;
  std::vector<TurboPlanner::Frame> frames;
  TurboPlanner::Options options;
};

/// Gains that grow with exit and (on average) difficulty; two rungs whose exits cost more with depth and batch
/// sub-linearly (measured for n = 1..4, extrapolated beyond); a budget between 0 and 1.1 × the all-deepest cost.
Instance randomInstance(std::mt19937& rng) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Instance in;
  const int maxExit = std::uniform_int_distribution<int>(2, 5)(rng);
  in.gains.assign(GainProfile::kBucketCount, std::vector<double>(maxExit + 1, 0.0));
  for (int b = 0; b < GainProfile::kBucketCount; ++b) {
    for (int e = 1; e <= maxExit; ++e) in.gains[b][e] = in.gains[b][e - 1] + u(rng) * (0.5 + 0.3 * b);
  }
  for (int r = 0; r < 2; ++r) {
    const double plainMs = (r == 0 ? 30.0 : 15.0) * (0.8 + 0.4 * u(rng));
    in.timesMs.emplace_back();
    double exitMs = 0.0;
    for (int e = 0; e <= maxExit; ++e) {
      exitMs += e == 0 ? 0.0 : plainMs * (0.1 + 0.4 * u(rng));
      const double slope = 0.3 + 0.7 * u(rng);
      std::vector<double> batch;
      for (int n = 1; n <= 4; ++n) batch.push_back(n * plainMs + exitMs * (1 + slope * (n - 1)));
      in.timesMs.back().push_back(batch);
    }
  }
  in.discriminatorMs = 0.5 * u(rng);
  const int m = std::uniform_int_distribution<int>(1, 7)(rng);
  for (int i = 0; i < m; ++i) in.frames.push_back({u(rng), static_cast<int>(u(rng) * 2)});
  in.options.maxExit = maxExit;
  in.options.countDiscriminator = u(rng) < 0.5;
  return in;
}

}  // namespace

class TestTurboPlanner : public QObject {
  Q_OBJECT
 private slots:
  void greedyAgainstBruteForce() {
    std::mt19937 rng(20240404);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    double gapSum[2] = {0, 0};
    double gapMax[2] = {0, 0};
    double relSum[2] = {0, 0};
    int optimal[2] = {0, 0};
    double bruteGainSum = 0.0;
    int relCount = 0;
    for (int k = 0; k < kInstances; ++k) {
      Instance in = randomInstance(rng);
      const GainProfile gains(in.gains);
      const LatencyProfile latency("rand", 1, "sha", in.discriminatorMs, in.timesMs);
      const TurboPlanner planner(gains, latency);
      std::vector<int> deepest(in.frames.size());
      for (size_t i = 0; i < in.frames.size(); ++i) {
        deepest[i] = in.frames[i].difficulty >= in.options.hardThreshold ? in.options.maxExit : 0;
      }
      in.options.budgetMs = 1.1 * u(rng) * planner.costMs(in.frames, deepest, in.options.countDiscriminator);
      in.options.strategy = Strategy::Brute;
      const auto brute = planner.plan(in.frames, in.options);
      bruteGainSum += brute.predictedGain;
      const bool allZeroFits = planner.costMs(in.frames, std::vector<int>(in.frames.size(), 0),
                                              in.options.countDiscriminator) <= in.options.budgetMs;
      int s = 0;
      for (Strategy strategy : {Strategy::Prune, Strategy::Ratio}) {
        in.options.strategy = strategy;
        const auto plan = planner.plan(in.frames, in.options);
        QCOMPARE(plan.predictedCostMs, planner.costMs(in.frames, plan.exits, in.options.countDiscriminator));
        QCOMPARE(plan.predictedGain + 1.0, planner.gain(in.frames, plan.exits) + 1.0);
        if (allZeroFits) {
          QVERIFY2(plan.predictedCostMs <= in.options.budgetMs + 1e-9, TurboPlanner::strategyName(strategy));
        } else {
          QVERIFY(std::all_of(plan.exits.begin(), plan.exits.end(), [](int e) { return e == 0; }));
        }
        QVERIFY2(plan.predictedGain <= brute.predictedGain + 1e-9, TurboPlanner::strategyName(strategy));
        const double gap = brute.predictedGain - plan.predictedGain;
        gapSum[s] += gap;
        gapMax[s] = std::max(gapMax[s], gap);
        if (gap <= 1e-9) ++optimal[s];
        if (brute.predictedGain > 0) relSum[s] += gap / brute.predictedGain;
        ++s;
      }
      if (brute.predictedGain > 0) ++relCount;
      if (allZeroFits) QVERIFY(brute.predictedCostMs <= in.options.budgetMs + 1e-9);
    }
    const double meanPrune = gapSum[0] / kInstances;
    const double meanRatio = gapSum[1] / kInstances;
    qDebug("%d windows, mean brute gain %.3f points", kInstances, bruteGainSum / kInstances);
    qDebug("prune: mean gap %.4f, max %.3f points, mean relative gap %.2f%%, optimal in %d", meanPrune, gapMax[0],
           100 * relSum[0] / relCount, optimal[0]);
    qDebug("ratio: mean gap %.4f, max %.3f points, mean relative gap %.2f%%, optimal in %d", meanRatio, gapMax[1],
           100 * relSum[1] / relCount, optimal[1]);
    // Measured with this seed (libstdc++): prune 0.664 points mean (max 12.0, 12.9 % relative, optimal in 408 of
    // 600), ratio 0.458 (max 14.7, 9.6 %, 448). The large gaps are batching: the optimum keeps several frames in one
    // (rung, exit) batch, while one-level demotions split batches and end far under the budget. Bounds ≈ 1.5×.
    QVERIFY2(meanPrune < 1.0, qPrintable(QString::number(meanPrune)));
    QVERIFY2(meanRatio < 0.7, qPrintable(QString::number(meanRatio)));
    QVERIFY(optimal[0] > kInstances / 2 && optimal[1] > kInstances / 2);
  }
  void hardThresholdRule() {
    const GainProfile gains = linearGains(5);
    const LatencyProfile latency = simpleLatency(5, 2.0, 1.0, 0.0);
    const TurboPlanner planner(gains, latency);
    const std::vector<TurboPlanner::Frame> frames = {{0.39, 0}, {0.4, 0}, {0.9, 0}, {0.1, 0}};
    TurboPlanner::Options options;
    options.budgetMs = 1e6;
    for (Strategy s : {Strategy::Prune, Strategy::Ratio, Strategy::Brute}) {
      options.strategy = s;
      QCOMPARE(planner.plan(frames, options).exits, (std::vector<int>{0, 5, 5, 0}));
    }
    options.hardThreshold = 0.95;
    options.strategy = Strategy::Prune;
    QCOMPARE(planner.plan(frames, options).exits, (std::vector<int>{0, 0, 0, 0}));
    options.hardThreshold = 0.4;
    options.maxExit = 2;  // the knob caps the depth
    QCOMPARE(planner.plan(frames, options).exits, (std::vector<int>{0, 2, 2, 0}));
  }
  void greedyStartsAtTheBestExitOfAMeasuredProfile() {
    // Bucket 9 peaks at exit 2 and loses at 4–5; bucket 5 loses at every exit (a measured, non-monotone profile).
    std::vector<std::vector<double>> t(GainProfile::kBucketCount, std::vector<double>(6, 0.0));
    t[9] = {0, 3, 8, 5, -1, -2};
    t[5] = {0, -1, -2, -1, -3, -4};
    const GainProfile gains(t);
    const LatencyProfile latency = simpleLatency(5, 2.0, 1.0, 0.0);  // the planner keeps references
    const TurboPlanner planner(gains, latency);
    TurboPlanner::Options options;
    options.budgetMs = 1e6;
    for (Strategy s : {Strategy::Prune, Strategy::Ratio, Strategy::Brute}) {
      options.strategy = s;
      const auto plan = planner.plan({{0.95, 0}, {0.55, 0}}, options);
      QCOMPARE(plan.exits, (std::vector<int>{2, 0}));
      QCOMPARE(plan.predictedGain, 8.0);
    }
    options.strategy = Strategy::Prune;
    options.budgetMs = 2.5;  // exit 2 costs 4 ms extra: one demotion to exit 1
    QCOMPARE(planner.plan({{0.95, 0}, {0.55, 0}}, options).exits, (std::vector<int>{1, 0}));
  }
  void pruneLowersLeastMarginalGainFirst() {
    const GainProfile gains = linearGains(2);  // bucket 9 gains 1.0 per level, bucket 5 0.6 per level
    const LatencyProfile latency = simpleLatency(2, 10.0, 1.0, 0.0);  // no batching: 10 ms per level per frame
    const TurboPlanner planner(gains, latency);
    TurboPlanner::Options options;
    options.budgetMs = 30.0;  // 40 ms at full depth: one demotion
    const auto plan = planner.plan({{0.95, 0}, {0.55, 0}}, options);
    QCOMPARE(plan.exits, (std::vector<int>{2, 1}));
    QCOMPARE(plan.searchSteps, 1);
    QCOMPARE(plan.predictedCostMs, 30.0);
    QCOMPARE(plan.predictedGain, 2.0 + 0.6);
  }
  void batchingMakesSameExitCheaper() {
    const GainProfile gains = linearGains(2);
    // Exit 1: 12 ms alone, 13 ms for two; exit 2: 14 ms alone, 15 ms for two (extra over the plain detector).
    const LatencyProfile batched("t", 1, "s", 0.0, {{{20, 40}, {32, 53}, {34, 55}}});
    const TurboPlanner p(gains, batched);
    const std::vector<TurboPlanner::Frame> frames = {{0.95, 0}, {0.55, 0}};
    QCOMPARE(p.costMs(frames, {2, 2}, false), 15.0);
    QCOMPARE(p.costMs(frames, {1, 1}, false), 13.0);
    QCOMPARE(p.costMs(frames, {2, 1}, false), 26.0);  // two batches
    TurboPlanner::Options options;
    options.budgetMs = 20.0;
    for (Strategy s : {Strategy::Prune, Strategy::Ratio, Strategy::Brute}) {
      options.strategy = s;
      QCOMPARE(p.plan(frames, options).exits, (std::vector<int>{2, 2}));
    }
    // Without batching (two cost twice one) the same budget affords a single enhancement.
    const LatencyProfile linear("t", 1, "s", 0.0, {{{20, 40}, {32, 64}, {34, 68}}});
    const TurboPlanner q(gains, linear);
    options.strategy = Strategy::Brute;
    QCOMPARE(q.plan(frames, options).exits, (std::vector<int>{2, 0}));
  }
  void bruteForceSizeLimit() {
    const GainProfile gains = linearGains(5);
    const LatencyProfile latency = simpleLatency(5, 3.0, 0.5, 0.2);
    const TurboPlanner planner(gains, latency);
    std::vector<TurboPlanner::Frame> frames;
    for (int i = 0; i < 8; ++i) frames.push_back({0.45 + 0.07 * i, 0});
    TurboPlanner::Options options;
    options.budgetMs = 40.0;
    options.strategy = Strategy::Brute;
    const auto brute = planner.plan(frames, options);
    QCOMPARE(brute.searchSteps, 1679616);  // 6^8
    QVERIFY(brute.predictedCostMs <= 40.0);
    options.strategy = Strategy::Prune;
    const auto prune = planner.plan(frames, options);
    QVERIFY(prune.predictedGain <= brute.predictedGain + 1e-9);
    QVERIFY(brute.predictedGain > 0);
    frames.push_back({0.9, 0});
    QVERIFY(planner.plan(frames, options).predictedCostMs <= 40.0);  // greedy strategies take any m
    options.strategy = Strategy::Brute;
    QVERIFY_THROWS_EXCEPTION(Error, planner.plan(frames, options));
  }
  void zeroBudgetIsAllZero() {
    const GainProfile gains = linearGains(5);
    const LatencyProfile latency = simpleLatency(5, 3.0, 0.5, 0.2);
    const TurboPlanner planner(gains, latency);
    const std::vector<TurboPlanner::Frame> frames = {{0.9, 0}, {0.7, 0}, {0.5, 0}};
    TurboPlanner::Options options;
    options.budgetMs = 0.0;
    for (bool counted : {true, false}) {
      options.countDiscriminator = counted;
      for (Strategy s : {Strategy::Prune, Strategy::Ratio, Strategy::Brute}) {
        options.strategy = s;
        const auto plan = planner.plan(frames, options);
        QCOMPARE(plan.exits, (std::vector<int>{0, 0, 0}));
        QCOMPARE(plan.predictedGain, 0.0);
        QCOMPARE(plan.predictedCostMs, counted ? 3 * 0.2 : 0.0);  // μ_D is paid whatever the plan
      }
    }
    QVERIFY(planner.plan({}, options).exits.empty());
    options.budgetMs = 1e6;
    QVERIFY_THROWS_EXCEPTION(Error, planner.plan({{0.9, 3}}, options));  // no such rung
  }
};

QTEST_GUILESS_MAIN(TestTurboPlanner)
#include "TestTurboPlanner.moc"
