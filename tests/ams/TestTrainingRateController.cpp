// TrainingRateController (ATR, Eq. 2) on hand-made rate sequences: defaults, option validation, entering slowdown
// below γ0, +Δ per decision up to the cap, the reset to τ_min above γ1, hysteresis between γ0 and γ1 (strict
// thresholds), ATR off, setOptions, and a static scene through SamplingRateController into slowdown.
#include <QtTest>

#include "../TestHelpers.h"

#include <cmath>
#include <functional>
#include <limits>

#include "ams/SamplingRateController.h"
#include "ams/TrainingRateController.h"
#include "util/Error.h"

using namespace edgescope;

using edgescope::testing::errorOf;

namespace {}  // namespace

class TestTrainingRateController : public QObject {
  Q_OBJECT
 private slots:
  void defaults() {
    const TrainingRateController::Options o;
    QVERIFY(o.enabled);
    QCOMPARE(o.updateIntervalS, 10.0);
    QCOMPARE(o.enterFps, 0.25);
    QCOMPARE(o.exitFps, 0.35);
    QCOMPARE(o.stepS, 2.0);
    QCOMPARE(o.maxS, 60.0);
    const TrainingRateController c;
    QVERIFY(!c.slowdown());
    QCOMPARE(c.updateIntervalS(), 10.0);  // starts at τ_min
    QCOMPARE(c.decisions(), 0);
    QVERIFY(std::isnan(c.lastDecisionS()));
  }
  void validation() {
    using O = TrainingRateController::Options;
    const auto bad = [](const std::function<void(O&)>& edit) {
      O o;
      edit(o);
      return errorOf([&] { TrainingRateController c(o); });
    };
    QCOMPARE(bad([](O&) {}), QString("<no error>"));
    QVERIFY(bad([](O& o) { o.updateIntervalS = 0.0; }).contains("ams.updateIntervalS"));
    QVERIFY(bad([](O& o) { o.updateIntervalS = -1.0; }).contains("ams.updateIntervalS"));
    QVERIFY(bad([](O& o) { o.enterFps = 0.5; }).contains("ams.atrEnterFps"));  // γ0 > γ1
    QVERIFY(bad([](O& o) { o.enterFps = 0.5; }).contains("ams.atrExitFps"));
    QVERIFY(bad([](O& o) { o.enterFps = -0.1; }).contains("ams.atrEnterFps"));
    QVERIFY(bad([](O& o) { o.exitFps = std::nan(""); }).contains("ams.atrExitFps"));
    QVERIFY(bad([](O& o) { o.stepS = 0.0; }).contains("ams.atrStepS"));
    QVERIFY(bad([](O& o) { o.maxS = 5.0; }).contains("ams.atrMaxS"));  // cap below τ_min
    QVERIFY(bad([](O& o) { o.maxS = std::numeric_limits<double>::infinity(); }).contains("ams.atrMaxS"));
    QCOMPARE(bad([](O& o) { o.exitFps = o.enterFps; }),
             QString("<no error>"));  // γ0 = γ1 is allowed (no hysteresis band)
    TrainingRateController c;
    QVERIFY(errorOf([&] { c.decide(std::nan(""), 0.2); }).contains("nowS"));
    QVERIFY(errorOf([&] { c.decide(10.0, std::nan("")); }).contains("rateFps"));
    QVERIFY(errorOf([&] { c.decide(10.0, -0.1); }).contains("rateFps"));
    QCOMPARE(c.decisions(), 0);
    O o;
    o.stepS = -2.0;
    QVERIFY(errorOf([&] { c.setOptions(o); }).contains("ams.atrStepS"));
    QCOMPARE(c.options().stepS, 2.0);
  }
  void highRateStaysAtTauMin() {
    TrainingRateController c;
    for (double rate : {1.0, 0.8, 0.4, 0.3, 0.25, 0.26, 0.35, 1.0}) {  // never below γ0 = 0.25
      const auto d = c.decide(10.0 * c.decisions(), rate);
      QVERIFY(!d.slowdown && !d.entered && !d.exited);
      QCOMPARE(d.updateIntervalS, 10.0);
    }
  }
  void slowdownGrowsToCap() {
    TrainingRateController c;
    auto d = c.decide(10.0, 0.2);  // r < γ0: enter, and this decision already adds Δ
    QVERIFY(d.entered);
    QVERIFY(d.slowdown);
    QCOMPARE(d.previousUpdateIntervalS, 10.0);
    QCOMPARE(d.updateIntervalS, 12.0);
    for (int n = 2; n <= 25; ++n) {
      d = c.decide(10.0 * n, 0.1);
      QVERIFY(d.slowdown && !d.entered);
      QCOMPARE(d.updateIntervalS, 10.0 + 2.0 * n);
    }
    QCOMPARE(c.updateIntervalS(), 60.0);  // 10 + 25 × 2 reaches the cap ...
    for (int n = 26; n <= 30; ++n) QCOMPARE(c.decide(10.0 * n, 0.1).updateIntervalS, 60.0);  // ... and holds it
    QCOMPARE(c.lastDecisionS(), 300.0);
    // A cap that is not a whole number of steps above τ_min is met exactly.
    TrainingRateController::Options o;
    o.maxS = 15.0;
    TrainingRateController capped(o);
    QCOMPARE(capped.decide(0.0, 0.1).updateIntervalS, 12.0);
    QCOMPARE(capped.decide(10.0, 0.1).updateIntervalS, 14.0);
    QCOMPARE(capped.decide(20.0, 0.1).updateIntervalS, 15.0);
  }
  void hysteresisAndReset() {
    TrainingRateController c;
    QVERIFY(c.decide(10.0, 0.2).entered);  // 12
    // In [γ0, γ1] the mode holds and T_update keeps growing; 0.35 exactly is not above γ1.
    for (double rate : {0.25, 0.3, 0.35, 0.3}) {
      const auto d = c.decide(10.0 * (c.decisions() + 1), rate);
      QVERIFY(d.slowdown && !d.exited);
    }
    QCOMPARE(c.updateIntervalS(), 20.0);
    auto d = c.decide(60.0, 0.36);  // r > γ1: exit, reset to τ_min at once
    QVERIFY(d.exited);
    QVERIFY(!d.slowdown);
    QCOMPARE(d.previousUpdateIntervalS, 20.0);
    QCOMPARE(d.updateIntervalS, 10.0);
    // Out of slowdown the same band does not re-enter; only r < γ0 does.
    for (double rate : {0.3, 0.25, 0.35}) QVERIFY(!c.decide(70.0, rate).slowdown);
    QCOMPARE(c.updateIntervalS(), 10.0);
    d = c.decide(80.0, 0.249);
    QVERIFY(d.entered);
    QCOMPARE(d.updateIntervalS, 12.0);
    c.reset();
    QVERIFY(!c.slowdown());
    QCOMPARE(c.updateIntervalS(), 10.0);
    QCOMPARE(c.decisions(), 0);
  }
  void disabled() {
    TrainingRateController::Options o;
    o.enabled = false;
    TrainingRateController c(o);
    for (int n = 1; n <= 10; ++n) {
      const auto d = c.decide(10.0 * n, 0.1);
      QVERIFY(!d.slowdown && !d.entered);
      QCOMPARE(d.updateIntervalS, 10.0);
    }
  }
  void setOptions() {
    TrainingRateController c;
    for (int n = 1; n <= 10; ++n) c.decide(10.0 * n, 0.1);
    QCOMPARE(c.updateIntervalS(), 30.0);
    TrainingRateController::Options o;
    o.maxS = 20.0;  // a lower cap clips the current interval
    c.setOptions(o);
    QVERIFY(c.slowdown());
    QCOMPARE(c.updateIntervalS(), 20.0);
    o.updateIntervalS = 25.0;  // τ_min above the current interval lifts it
    o.maxS = 60.0;
    c.setOptions(o);
    QCOMPARE(c.updateIntervalS(), 25.0);
    QCOMPARE(c.decide(110.0, 0.5).updateIntervalS, 25.0);  // exit resets to the new τ_min
    QVERIFY(c.decide(120.0, 0.1).slowdown);
    o.enabled = false;  // turning ATR off leaves slowdown
    c.setOptions(o);
    QVERIFY(!c.slowdown());
    QCOMPARE(c.updateIntervalS(), 25.0);
  }
  void staticSceneThroughAsr() {
    // The empty-street case end to end: φ̄ = 0 lowers the rate 1 → 0.8 → 0.6 → 0.4 → 0.2, below γ0 at decision 4.
    SamplingRateController asr;
    TrainingRateController atr;
    int enteredAt = -1;
    for (int n = 1; n <= 10; ++n) {
      const auto rate = asr.update(10.0 * n, 0.0);
      QVERIFY(rate.decided);
      const auto d = atr.decide(rate.atS, rate.rateFps);
      if (d.entered) enteredAt = n;
    }
    QCOMPARE(enteredAt, 4);
    QCOMPARE(atr.updateIntervalS(), 10.0 + 2.0 * 7);
    // The scene comes alive: the rate climbs back over γ1 and T_update snaps back to τ_min.
    int exitedAt = -1;
    for (int n = 11; n <= 20 && exitedAt < 0; ++n) {
      const auto rate = asr.update(10.0 * n, 1.0);
      if (atr.decide(rate.atS, rate.rateFps).exited) exitedAt = n;
    }
    QCOMPARE(exitedAt, 12);  // 0.1 → 0.3 (held in the band) → 0.5
    QCOMPARE(atr.updateIntervalS(), 10.0);
  }
};

QTEST_GUILESS_MAIN(TestTrainingRateController)
#include "TestTrainingRateController.moc"
