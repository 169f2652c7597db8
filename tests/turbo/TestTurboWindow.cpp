// TurboWindow: one plan over the frames of several streams due in the same period — the shared budget (the period's
// slack less every frame's plain heads, capped by the idle share), the planner's exits under it, same (rung, exit)
// frames grouped into one batch (plain frames first), nothing enhanced when the window is behind, easy frames at exit
// 0, and brute force refused beyond 8 frames.
#include <QtTest>

#include <cmath>
#include <limits>
#include <set>

#include "turbo/GainProfile.h"
#include "turbo/LatencyProfile.h"
#include "turbo/TurboPlanner.h"
#include "turbo/TurboWindow.h"
#include "util/Error.h"

using namespace edgescope;
using Strategy = TurboPlanner::Strategy;

namespace {

constexpr double kPlainMs = 20.0;  // I_0 per frame at rung 0; rung 1 costs half

/// P[b][e] = e × (b + 1) / 10 mAP points.
GainProfile linearGains(int maxExit) {
  std::vector<std::vector<double>> t(GainProfile::kBucketCount, std::vector<double>(maxExit + 1));
  for (int b = 0; b < GainProfile::kBucketCount; ++b)
    for (int e = 0; e <= maxExit; ++e) t[b][e] = e * (b + 1) / 10.0;
  return GainProfile(t);
}

/// Two rungs; I[r][e][n] = n·plain_r + e·5 ms·(1 + 0.5·(n − 1)) for n = 1..4 (batching saves half the extra).
LatencyProfile twoRungs(int maxExit) {
  std::vector<std::vector<std::vector<double>>> t(2);
  for (int r = 0; r < 2; ++r) {
    const double plain = r == 0 ? kPlainMs : kPlainMs / 2;
    for (int e = 0; e <= maxExit; ++e) {
      t[r].emplace_back();
      for (int n = 1; n <= 4; ++n) t[r][e].push_back(n * plain + e * 5.0 * (1 + 0.5 * (n - 1)));
    }
  }
  return LatencyProfile("test", 1, "sha", 0.3, t);
}

TurboWindow::Timing timing(double nowMs, double idleShare = 1.0) {
  TurboWindow::Timing t;
  t.dueMs = 1000.0;
  t.intervalMs = 100.0;
  t.nowMs = nowMs;
  t.tailMsPerFrame = 1.0;
  t.marginMs = 5.0;
  t.idleShare = idleShare;
  return t;
}

TurboPlanner::Options options(Strategy strategy) {
  TurboPlanner::Options o;
  o.strategy = strategy;
  o.hardThreshold = 0.4;
  o.maxExit = 5;
  return o;
}

}  // namespace

class TestTurboWindow : public QObject {
  Q_OBJECT

 private slots:
  void budgetIsThePeriodsSlackLessEveryFramesPlainHeads() {
    const GainProfile gains = linearGains(5);
    const LatencyProfile latency = twoRungs(5);
    const TurboPlanner planner(gains, latency);
    const std::vector<TurboWindow::Frame> frames{{0, 0.9, 0}, {1, 0.8, 0}, {2, 0.95, 1}};
    for (Strategy s : {Strategy::Prune, Strategy::Brute, Strategy::Ratio}) {
      const TurboWindow::Plan plan = TurboWindow::plan(planner, latency, frames, options(s), timing(1010.0));
      // slack = (1000 + 100) − 1010 − 3 frames × 1 ms tail − 5 ms margin = 82; Σ I_0 = 20 + 20 + 10 = 50.
      QCOMPARE(plan.slackMs, 82.0);
      QCOMPARE(plan.budgetMs, 32.0);
      QVERIFY(!plan.behind);
      QVERIFY(plan.predictedCostMs <= plan.budgetMs + 1e-9);
      QVERIFY(plan.predictedGain > 0.0);
      QCOMPARE(static_cast<int>(plan.exits.size()), 3);
      // The same answer as the planner given that budget directly (D_f not counted: it ran with the encoder pass).
      TurboPlanner::Options direct = options(s);
      direct.budgetMs = 32.0;
      direct.countDiscriminator = false;
      const TurboPlanner::Plan expected = planner.plan({{0.9, 0}, {0.8, 0}, {0.95, 1}}, direct);
      QCOMPARE(plan.exits, expected.exits);
      QCOMPARE(plan.predictedGain, expected.predictedGain);
    }
  }

  void idleShareCapsTheBudget() {
    const GainProfile gains = linearGains(5);
    const LatencyProfile latency = twoRungs(5);
    const TurboPlanner planner(gains, latency);
    const std::vector<TurboWindow::Frame> frames{{0, 0.9, 0}, {1, 0.9, 1}};
    const TurboWindow::Plan full =
        TurboWindow::plan(planner, latency, frames, options(Strategy::Prune), timing(1000.0));
    const TurboWindow::Plan half =
        TurboWindow::plan(planner, latency, frames, options(Strategy::Prune), timing(1000.0, 0.5));
    QCOMPARE(full.slackMs, 93.0);  // 100 − 2 × 1 − 5
    QCOMPARE(half.slackMs, 46.5);
    QCOMPARE(half.budgetMs, 46.5 - 30.0);
    QVERIFY(half.predictedCostMs <= half.budgetMs + 1e-9);
    QVERIFY(half.predictedGain <= full.predictedGain);
    QVERIFY(!half.behind);  // the cap shrinks what enhancement may use; the plain work still fits
  }

  void nothingIsEnhancedWhenTheWindowIsBehind() {
    const GainProfile gains = linearGains(5);
    const LatencyProfile latency = twoRungs(5);
    const TurboPlanner planner(gains, latency);
    const std::vector<TurboWindow::Frame> frames{{0, 1.0, 0}, {1, 1.0, 0}, {2, 1.0, 0}, {3, 1.0, 0}};
    // 4 × 20 ms of heads left, 100 − 30 − 4 − 5 = 61 ms of slack: behind although the period has not ended.
    for (double now : {1030.0, 1200.0}) {
      const TurboWindow::Plan plan = TurboWindow::plan(planner, latency, frames, options(Strategy::Prune), timing(now));
      QVERIFY(plan.behind);
      QCOMPARE(plan.budgetMs, 0.0);
      QCOMPARE(plan.exits, std::vector<int>(4, 0));
      QCOMPARE(plan.predictedGain, 0.0);
      QCOMPARE(static_cast<int>(plan.batches.size()), 1);
      QCOMPARE(plan.batches.front().exit, 0);
      QCOMPARE(plan.batches.front().frames, (std::vector<std::size_t>{0, 1, 2, 3}));
    }
    TurboWindow::Timing noPeriod = timing(1000.0);
    noPeriod.intervalMs = 0.0;  // unpaced: no bound known, no enhancement
    QCOMPARE(TurboWindow::plan(planner, latency, frames, options(Strategy::Prune), noPeriod).exits,
             std::vector<int>(4, 0));
  }

  void easyAndUnknownFramesStayAtExitZero() {
    const GainProfile gains = linearGains(5);
    const LatencyProfile latency = twoRungs(5);
    const TurboPlanner planner(gains, latency);
    TurboWindow::Timing generous = timing(1000.0);
    generous.intervalMs = 1000.0;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const std::vector<TurboWindow::Frame> frames{{0, 0.1, 0}, {1, nan, 0}, {2, -1.0, 0}, {3, 0.9, 0}};
    for (Strategy s : {Strategy::Prune, Strategy::Brute, Strategy::Ratio}) {
      const TurboWindow::Plan plan = TurboWindow::plan(planner, latency, frames, options(s), generous);
      QCOMPARE(plan.exits, (std::vector<int>{0, 0, 0, 5}));
    }
  }

  void framesOfOneRungAndExitShareABatch() {
    const std::vector<TurboWindow::Frame> frames{{0, 0.9, 0}, {1, 0.9, 1}, {2, 0.1, 0}, {3, 0.9, 0}, {4, 0.9, 1}};
    const auto batches = TurboWindow::batchesOf(frames, {2, 2, 0, 2, 3});
    QCOMPARE(static_cast<int>(batches.size()), 4);
    QCOMPARE(batches[0].exit, 0);  // the plain frames first
    QCOMPARE(batches[0].frames, (std::vector<std::size_t>{2}));
    QCOMPARE(batches[1].exit, 2);
    QCOMPARE(batches[1].rung, 0);
    QCOMPARE(batches[1].frames, (std::vector<std::size_t>{0, 3}));
    QCOMPARE(batches[2].exit, 2);
    QCOMPARE(batches[2].rung, 1);
    QCOMPARE(batches[2].frames, (std::vector<std::size_t>{1}));
    QCOMPARE(batches[3].exit, 3);
    QCOMPARE(batches[3].frames, (std::vector<std::size_t>{4}));
    QVERIFY_THROWS_EXCEPTION(Error, TurboWindow::batchesOf(frames, {1, 2}));

    // In a plan every frame lands in exactly one batch of its own rung and exit.
    const GainProfile gains = linearGains(5);
    const LatencyProfile latency = twoRungs(5);
    const TurboPlanner planner(gains, latency);
    const TurboWindow::Plan plan =
        TurboWindow::plan(planner, latency, frames, options(Strategy::Brute), timing(1000.0));
    std::set<std::size_t> seen;
    for (const TurboWindow::Batch& batch : plan.batches) {
      for (std::size_t i : batch.frames) {
        QVERIFY(seen.insert(i).second);
        QCOMPARE(plan.exits[i], batch.exit);
        QCOMPARE(frames[i].rung, batch.rung);
      }
    }
    QCOMPARE(seen.size(), frames.size());
  }

  void bruteForceTakesAtMostEightFrames() {
    const GainProfile gains = linearGains(5);
    const LatencyProfile latency = twoRungs(5);
    const TurboPlanner planner(gains, latency);
    const std::vector<TurboWindow::Frame> nine(9, TurboWindow::Frame{0, 0.9, 1});
    QVERIFY_THROWS_EXCEPTION(Error,
                             TurboWindow::plan(planner, latency, nine, options(Strategy::Brute), timing(1000.0)));
    QVERIFY_THROWS_EXCEPTION(Error,
                             TurboWindow::plan(planner, latency, nine, options(Strategy::Brute), timing(1500.0)));
    const TurboWindow::Plan prune = TurboWindow::plan(planner, latency, nine, options(Strategy::Prune), timing(1000.0));
    QCOMPARE(prune.exits.size(), std::size_t(9));
    const std::vector<TurboWindow::Frame> badRung{{0, 0.9, 2}};
    QVERIFY_THROWS_EXCEPTION(Error,
                             TurboWindow::plan(planner, latency, badRung, options(Strategy::Prune), timing(1000.0)));
    QVERIFY(TurboWindow::plan(planner, latency, {}, options(Strategy::Brute), timing(1000.0)).batches.empty());
  }
};

QTEST_GUILESS_MAIN(TestTurboWindow)
#include "TestTurboWindow.moc"
