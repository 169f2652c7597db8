// SamplingRateController (ASR, Eq. 1) on hand-made φ̄ sequences: defaults, option validation, the decision
// schedule, a static scene down to r_min and a changing one up to r_max in bounded decisions, the rate never leaving
// [r_min, r_max], linear vs tanh step shapes, holding on a missing φ̄, setOptions, and φ_target calibration.
#include <QtTest>

#include "../TestHelpers.h"

#include <cmath>
#include <functional>
#include <limits>
#include <random>
#include <vector>

#include "ams/SamplingRateController.h"
#include "util/Error.h"

using namespace edgescope;
using Mode = SamplingRateController::StepMode;

using edgescope::testing::errorOf;

namespace {

SamplingRateController::Options withMode(Mode mode, double initialRateFps = std::nan("")) {
  SamplingRateController::Options o;
  o.mode = mode;
  o.initialRateFps = initialRateFps;
  return o;
}

/// Feeds a constant φ̄ at every decision time until the rate reaches @p goalFps; returns the decisions it took
/// (or -1 after 100). The rate must move monotonically towards the goal.
int decisionsToReach(SamplingRateController& c, double phi, double goalFps) {
  double t = c.nextDecisionS();
  double last = c.rateFps();
  for (int n = 1; n <= 100; ++n, t += c.options().rateIntervalS) {
    const auto d = c.update(t, phi);
    if (!d.decided) return -1;
    if (goalFps < last ? d.rateFps > last : d.rateFps < last) return -1;  // moved away from the goal
    last = d.rateFps;
    if (d.rateFps == goalFps) return n;
  }
  return -1;
}

}  // namespace

class TestSamplingRateController : public QObject {
  Q_OBJECT
 private slots:
  void defaults() {
    const SamplingRateController::Options o;
    QCOMPARE(o.rateMinFps, 0.1);
    QCOMPARE(o.rateMaxFps, 1.0);
    QCOMPARE(o.rateStepFps, 0.2);
    QCOMPARE(o.rateIntervalS, 10.0);
    QCOMPARE(o.phiTarget, SamplingRateController::kDefaultPhiTarget);
    QVERIFY(o.mode == Mode::Tanh);
    const SamplingRateController c;
    QCOMPARE(c.rateFps(), 1.0);  // starts at r_max
    QCOMPARE(c.sampleIntervalS(), 1.0);
    QCOMPARE(c.nextDecisionS(), 10.0);
    QCOMPARE(c.decisions(), 0);
  }
  void validation() {
    using O = SamplingRateController::Options;
    const auto bad = [](const std::function<void(O&)>& edit) {
      O o;
      edit(o);
      return errorOf([&] { SamplingRateController c(o); });
    };
    QCOMPARE(bad([](O&) {}), QString("<no error>"));
    QVERIFY(bad([](O& o) { o.rateMinFps = 2.0; }).contains("ams.rateMinFps"));  // r_min > r_max
    QVERIFY(bad([](O& o) { o.rateMinFps = 2.0; }).contains("ams.rateMaxFps"));
    QVERIFY(bad([](O& o) { o.rateMinFps = 0.0; }).contains("ams.rateMinFps"));
    QVERIFY(bad([](O& o) { o.rateMaxFps = std::nan(""); }).contains("ams.rateMaxFps"));
    QVERIFY(bad([](O& o) { o.rateStepFps = 0.0; }).contains("ams.rateStepFps"));
    QVERIFY(bad([](O& o) { o.rateIntervalS = 0.0; }).contains("ams.rateIntervalS"));
    QVERIFY(bad([](O& o) { o.rateIntervalS = -10.0; }).contains("ams.rateIntervalS"));
    QVERIFY(bad([](O& o) { o.rateIntervalS = std::numeric_limits<double>::infinity(); }).contains("ams.rateIntervalS"));
    QVERIFY(bad([](O& o) { o.phiTarget = 1.2; }).contains("ams.phiTarget"));
    QVERIFY(bad([](O& o) { o.phiGain = 0.0; }).contains("phiGain"));
    QVERIFY(bad([](O& o) { o.initialRateFps = 5.0; }).contains("initialRateFps"));
    QVERIFY(bad([](O& o) { o.mode = static_cast<Mode>(7); }).contains("mode"));
    QVERIFY(errorOf([] { SamplingRateController c({}, std::nan("")); }).contains("startS"));
    SamplingRateController c;
    O o;
    o.rateMaxFps = 0.05;  // below r_min
    QVERIFY(errorOf([&] { c.setOptions(o); }).contains("ams.rateMinFps"));
    QCOMPARE(c.options().rateMaxFps, 1.0);  // unchanged after a refused setOptions
    QVERIFY(errorOf([&] { c.update(std::nan(""), 0.1); }).contains("nowS"));
    QVERIFY(errorOf([&] { c.update(10.0, 1.5); }).contains("phiMean"));
    QVERIFY(errorOf([&] { c.update(10.0, std::numeric_limits<double>::infinity()); }).contains("phiMean"));
    QCOMPARE(c.decisions(), 0);
  }
  void schedule() {
    SamplingRateController c({}, 100.0);
    auto d = c.update(105.0, 0.0);  // not due yet: nothing changes
    QVERIFY(!d.decided);
    QCOMPARE(d.rateFps, 1.0);
    QCOMPARE(c.decisions(), 0);
    QVERIFY(!c.isDue(109.999));
    QVERIFY(c.isDue(110.0));
    d = c.update(110.0, 0.0);
    QVERIFY(d.decided);
    QCOMPARE(d.atS, 110.0);
    QCOMPARE(d.previousRateFps, 1.0);
    QVERIFY(d.rateFps < 1.0);
    QCOMPARE(c.nextDecisionS(), 120.0);
    d = c.update(155.0, 0.4);  // late by 35 s: one decision, no catch-up burst
    QVERIFY(d.decided);
    QCOMPARE(c.nextDecisionS(), 165.0);
    QVERIFY(!c.update(160.0, 0.4).decided);
    QVERIFY(!c.update(50.0, 0.4).decided);  // a timestamp from the past is never due
    QCOMPARE(c.decisions(), 2);
  }
  void staticSceneDownToMin() {
    // φ = 0 (nothing changes): tanh steps of ~0.2 fps take 1 → 0.8 → 0.6 → 0.4 → 0.2 → 0.1 (clipped).
    SamplingRateController tanh(withMode(Mode::Tanh));
    QCOMPARE(decisionsToReach(tanh, 0.0, 0.1), 5);
    QCOMPARE(tanh.update(tanh.nextDecisionS(), 0.0).rateFps, 0.1);  // stays at r_min
    QCOMPARE(tanh.sampleIntervalS(), 10.0);
    // Linear: η_r·(0 − 0.4) = −1.6 fps, to r_min in one decision.
    SamplingRateController linear(withMode(Mode::Linear));
    QCOMPARE(decisionsToReach(linear, 0.0, 0.1), 1);
  }
  void changingSceneUpToMax() {
    SamplingRateController tanh(withMode(Mode::Tanh, 0.1));
    QCOMPARE(tanh.rateFps(), 0.1);
    QCOMPARE(decisionsToReach(tanh, 1.0, 1.0), 5);
    SamplingRateController linear(withMode(Mode::Linear, 0.1));
    QCOMPARE(decisionsToReach(linear, 0.8, 1.0), 1);
    // At the target the rate holds in both modes.
    for (Mode mode : {Mode::Tanh, Mode::Linear}) {
      SamplingRateController c(withMode(mode, 0.5));
      for (int n = 1; n <= 10; ++n) QCOMPARE(c.update(10.0 * n, 0.4).rateFps, 0.5);
    }
  }
  void rateStaysInBounds() {
    for (Mode mode : {Mode::Tanh, Mode::Linear}) {
      SamplingRateController::Options o = withMode(mode);
      o.rateMinFps = 0.2;
      o.rateMaxFps = 0.7;
      SamplingRateController c(o, 0.0);
      std::mt19937 rng(22);
      std::uniform_real_distribution<double> phi(0.0, 1.0);
      int atMin = 0, atMax = 0;
      for (int n = 1; n <= 500; ++n) {
        // Bursts of extreme φ̄ drive both clips; every 7th interval has no φ.
        const double p = n % 7 == 0 ? std::nan("") : ((n / 40) % 2 ? phi(rng) * 0.1 : 0.9 + phi(rng) * 0.1);
        const auto d = c.update(10.0 * n, p);
        QVERIFY(d.decided);
        QVERIFY2(d.rateFps >= 0.2 && d.rateFps <= 0.7, qPrintable(QString::number(d.rateFps)));
        if (std::isnan(p)) QCOMPARE(d.rateFps, d.previousRateFps);  // no φ: hold
        atMin += d.rateFps == 0.2;
        atMax += d.rateFps == 0.7;
      }
      QVERIFY(atMin > 0 && atMax > 0);
    }
  }
  void stepShapes() {
    const SamplingRateController tanh(withMode(Mode::Tanh));
    const SamplingRateController linear(withMode(Mode::Linear));
    const double target = SamplingRateController::kDefaultPhiTarget;
    QCOMPARE(tanh.stepFps(target), 0.0);
    QCOMPARE(linear.stepFps(target), 0.0);
    QCOMPARE(tanh.stepFps(std::nan("")), 0.0);
    QCOMPARE(linear.stepFps(std::nan("")), 0.0);
    // Linear: exactly η_r·e with η_r = 0.2 × 20 = 4 fps per unit φ: proportional to the error.
    QVERIFY(std::abs(linear.stepFps(target + 0.05) - 0.2) < 1e-12);
    QVERIFY(std::abs(linear.stepFps(target + 0.3) - 1.2) < 1e-12);
    QVERIFY(std::abs(linear.stepFps(target - 0.4) + 1.6) < 1e-12);
    // Tanh: same slope at the target (the two agree for small errors) ...
    QVERIFY(std::abs(tanh.stepFps(target + 1e-4) - linear.stepFps(target + 1e-4)) < 1e-9);
    // ... but saturates at ±rateStepFps: large errors give nearly the same bounded step, linear keeps growing.
    for (double phi = 0.0; phi <= 1.0; phi += 0.01) {
      QVERIFY(std::abs(tanh.stepFps(phi)) <= 0.2);
      QVERIFY(std::abs(tanh.stepFps(phi)) <= std::abs(linear.stepFps(phi)) + 1e-15);
    }
    QVERIFY(tanh.stepFps(target + 0.3) > 0.199 && tanh.stepFps(target + 0.6) > 0.199);
    QVERIFY(linear.stepFps(target + 0.6) > 10.0 * tanh.stepFps(target + 0.6));
    // Odd around the target in both modes.
    QVERIFY(std::abs(tanh.stepFps(target + 0.1) + tanh.stepFps(target - 0.1)) < 1e-12);
    QVERIFY(std::abs(linear.stepFps(target + 0.1) + linear.stepFps(target - 0.1)) < 1e-12);
    // rateStepFps scales the step in both modes.
    SamplingRateController::Options o = withMode(Mode::Tanh);
    o.rateStepFps = 0.05;
    QVERIFY(std::abs(SamplingRateController(o).stepFps(1.0) - 0.05 * std::tanh(20.0 * 0.6)) < 1e-12);
  }
  void disabledHolds() {
    SamplingRateController::Options o;
    o.enabled = false;
    o.initialRateFps = 0.5;
    SamplingRateController c(o);
    for (int n = 1; n <= 5; ++n) {
      const auto d = c.update(10.0 * n, n % 2 ? 0.0 : 1.0);
      QVERIFY(d.decided);
      QCOMPARE(d.rateFps, 0.5);
    }
  }
  void setOptionsClipsAndReschedules() {
    SamplingRateController c;
    c.update(10.0, 0.4);
    SamplingRateController::Options o;
    o.rateMaxFps = 0.6;
    o.rateIntervalS = 30.0;
    c.setOptions(o);
    QCOMPARE(c.rateFps(), 0.6);
    QCOMPARE(c.nextDecisionS(), 40.0);
    QVERIFY(!c.update(20.0, 1.0).decided);
    QCOMPARE(c.update(40.0, 1.0).rateFps, 0.6);
  }
  void calibration() {
    QCOMPARE(SamplingRateController::calibratePhiTarget({0.5, 0.1, 0.3}), 0.3);           // median, odd count
    QCOMPARE(SamplingRateController::calibratePhiTarget({0.4, 0.1, 0.3, 0.2}), 0.25);     // mean of the middle two
    QCOMPARE(SamplingRateController::calibratePhiTarget({std::nan(""), 0.6, 0.2}), 0.4);  // first-sample NaN skipped
    QCOMPARE(SamplingRateController::calibratePhiTarget({0.0, 0.2, 0.4, 0.6, 1.0}, 0.25), 0.2);
    QCOMPARE(SamplingRateController::calibratePhiTarget({0.0, 1.0}, 0.0), 0.0);
    QCOMPARE(SamplingRateController::calibratePhiTarget({0.0, 1.0}, 1.0), 1.0);
    QCOMPARE(SamplingRateController::calibratePhiTarget({0.7}), 0.7);
    QVERIFY(errorOf([] { SamplingRateController::calibratePhiTarget({}); }).contains("phis"));
    QVERIFY(errorOf([] { SamplingRateController::calibratePhiTarget({std::nan("")}); }).contains("phis"));
    QVERIFY(errorOf([] { SamplingRateController::calibratePhiTarget({0.2, 1.5}); }).contains("phis"));
    QVERIFY(errorOf([] { SamplingRateController::calibratePhiTarget({0.2}, 2.0); }).contains("quantile"));
    // A stream whose φ̄ equals the calibrated target holds its rate; a static one still falls.
    SamplingRateController::Options o;
    o.phiTarget = SamplingRateController::calibratePhiTarget({0.1, 0.2, 0.3});
    o.initialRateFps = 0.5;
    SamplingRateController c(o);
    QCOMPARE(c.update(10.0, 0.2).rateFps, 0.5);
    QVERIFY(c.update(20.0, 0.0).rateFps < 0.5);
  }
};

QTEST_GUILESS_MAIN(TestSamplingRateController)
#include "TestSamplingRateController.moc"
