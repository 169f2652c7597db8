// TurboController: the exit follows difficulty and budget — off or no bound → exit 0; a frame under the hard
// threshold → 0; a generous deadline → the gain profile's best exit within it; a frame already behind → 0 (and
// flagged); a deadline that fits only a shallow exit → that exit; confidence difficulty from the plain detections;
// the oracle baseline from GT; the latency profile's online correction after endFrame; overruns.
#include <QtTest>

#include <cmath>

#include "core/Stopwatch.h"
#include "turbo/TurboController.h"

using namespace edgescope;

namespace {

/// Gains grow with the exit and the difficulty: P[b][e] = e · b.
GainProfile growingGains() {
  std::vector<std::vector<double>> t(GainProfile::kBucketCount, std::vector<double>(6));
  for (int b = 0; b < GainProfile::kBucketCount; ++b)
    for (int e = 0; e <= 5; ++e) t[b][e] = e * b;
  return GainProfile(t);
}

/// I_0 = 5 ms (heads), I_κ = 5 + 10·κ ms.
LatencyProfile tenMsPerExit() {
  std::vector<std::vector<double>> exits;
  for (int e = 0; e <= 5; ++e) exits.push_back({5.0 + 10.0 * e});
  return LatencyProfile("cpu", 2, "sha", 0.3, {exits});
}

Detection detection(float score) {
  Detection d;
  d.box = {10, 10, 20, 40};
  d.score = score;
  return d;
}

}  // namespace

class TestTurboController : public QObject {
  Q_OBJECT

 private:
  TurboController make() {
    TurboController c(growingGains(), tenMsPerExit(), 0.4);
    c.setUseIdleShare(false);  // deterministic budgets
    c.config().enabled = true;
    return c;
  }

 private Q_SLOTS:
  void offOrUnboundedIsExitZero() {
    TurboController c = make();
    c.config().enabled = false;
    c.beginFrame(Stopwatch::nowMs(), NAN, 100, 1, false);
    QCOMPARE(c.chooseExit(0.9, nullptr), 0);
    c.config().enabled = true;
    c.beginFrame(Stopwatch::nowMs(), NAN, 0, 1, false);  // no bound known, turbo.latencyMs 0
    QCOMPARE(c.chooseExit(0.9, nullptr), 0);
  }

  void easyFramesStayAtZero() {
    TurboController c = make();
    c.beginFrame(Stopwatch::nowMs(), NAN, 1000, 1, false);
    QCOMPARE(c.chooseExit(0.2, nullptr), 0);
    QCOMPARE(c.last().difficulty, 0.2);
  }

  void generousDeadlineGivesTheDeepestExit() {
    TurboController c = make();
    c.beginFrame(Stopwatch::nowMs(), NAN, 1000, 1, false);
    QCOMPARE(c.chooseExit(0.9, nullptr), 5);
    QVERIFY(c.last().budgetMs > 900);
    QCOMPARE(c.last().predictedGain, 45.0);
    c.config().maxExit = 2;
    c.beginFrame(Stopwatch::nowMs(), NAN, 1000, 1, false);
    QCOMPARE(c.chooseExit(0.9, nullptr), 2);
  }

  void tightDeadlineGivesAShallowExit() {
    TurboController c = make();
    c.config().marginMs = 0;
    // 40 ms left minus the heads (5): 35 ms of extra fits exit 3 (30 ms), not 4 (40 ms).
    c.beginFrame(Stopwatch::nowMs(), NAN, 40, 0, false);
    const int exit = c.chooseExit(0.9, nullptr);
    QVERIFY2(exit == 3 || exit == 2, qPrintable(QString::number(exit)));  // 2 when the clock moved ≥ 5 ms
    QVERIFY(c.last().budgetMs <= 35.0 && c.last().budgetMs > 20.0);
  }

  void behindScheduleIsZero() {
    TurboController c = make();
    c.beginFrame(Stopwatch::nowMs() - 500, Stopwatch::nowMs() - 400, 100, 1, false);
    QCOMPARE(c.chooseExit(1.0, nullptr), 0);
    QVERIFY(c.last().behind);
    QCOMPARE(c.last().budgetMs, 0.0);
  }

  void confidenceDifficultyFromPlainDetections() {
    TurboController c = make();
    c.config().difficulty = TurboDifficultySource::Confidence;
    QVERIFY(c.wantsPlainFirst());
    QVERIFY(!c.wantsDiscriminator());
    c.beginFrame(Stopwatch::nowMs(), NAN, 1000, 1, true);
    const std::vector<Detection> confident{detection(0.95f), detection(0.85f)};
    QCOMPARE(c.chooseExit(-1, &confident), 0);  // d = 0.1: easy
    QVERIFY(std::abs(c.last().difficulty - 0.1) < 1e-6);
    const std::vector<Detection> none;
    c.beginFrame(Stopwatch::nowMs(), NAN, 1000, 1, true);  // tracks predict people but nothing was found: hard
    QCOMPARE(c.chooseExit(-1, &none), 5);
    c.beginFrame(Stopwatch::nowMs(), NAN, 1000, 1, false);  // nothing expected, nothing found: easy
    QCOMPARE(c.chooseExit(-1, &none), 0);
  }

  void oracleUsesGroundTruth() {
    TurboController c = make();
    c.setBaseline(TurboController::Baseline::Oracle);
    QVERIFY(c.wantsPlainFirst());
    MotRow person;
    person.box = {10, 10, 20, 40};
    const std::vector<Detection> found{detection(0.9f)}, missed;
    c.beginFrame(Stopwatch::nowMs(), NAN, 1000, 1, false, {person});
    QCOMPARE(c.chooseExit(-1, &found), 0);
    c.beginFrame(Stopwatch::nowMs(), NAN, 1000, 1, false, {person});
    QCOMPARE(c.chooseExit(-1, &missed), 5);
  }

  void endFrameCorrectsTheProfileAndFlagsOverruns() {
    TurboController c = make();
    const double before = c.latency().predictMs(0, 5, 1);
    for (int i = 0; i < 10; ++i) {
      c.beginFrame(Stopwatch::nowMs(), NAN, 1000, 1, false);
      c.endFrame(5, 2 * before, 0.3, false);
      QVERIFY(!c.last().overran);
    }
    QVERIFY(c.latency().predictMs(0, 5, 1) > 1.5 * before);
    c.beginFrame(Stopwatch::nowMs() - 200, NAN, 100, 1, false);
    c.endFrame(2, 20, 0.3, false);
    QVERIFY(c.last().overran);
    QCOMPARE(c.last().exit, 2);
    c.beginFrame(Stopwatch::nowMs(), NAN, 1000, 1, false);
    c.endFrame(0, 20, 0.3, true);
    QVERIFY(c.last().fellBack);
    QCOMPARE(c.last().spentMs, 0.0);
  }
};

QTEST_GUILESS_MAIN(TestTurboController)
#include "TestTurboController.moc"
