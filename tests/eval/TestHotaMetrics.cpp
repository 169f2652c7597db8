// HOTA on tiny constructed cases whose values follow by hand from the definition (Luiten et al. 2020, TrackEval).
#include <QtTest>
#include <cmath>

#include "ScenarioBuilder.h"
#include "eval/MotEvaluator.h"

using namespace edgescope;

namespace {

MotMetrics evaluate(const ScenarioBuilder& scenario) {
  std::vector<MotRow> gt, hyp;
  scenario.build(gt, hyp);
  return MotEvaluator::evaluate(gt, hyp);
}

bool near(double a, double b) { return std::fabs(a - b) < 1e-9; }

}  // namespace

class TestHotaMetrics : public QObject {
  Q_OBJECT
 private slots:
  void perfectTrackingScoresOne() {
    ScenarioBuilder s;
    s.gt(1, {1, 2, 3, 4}).gt(2, {2, 3}).hyp(7, {1, 2, 3, 4}).hyp(8, {2, 3});
    s.similar(1, 7, {1, 2, 3, 4}).similar(2, 8, {2, 3});
    const MotMetrics m = evaluate(s);
    QVERIFY(near(m.hota.hota, 1.0));
    QVERIFY(near(m.hota.detA, 1.0));
    QVERIFY(near(m.hota.assA, 1.0));
    QVERIFY(near(m.hota.locA, 1.0));
    QVERIFY(near(m.mota, 1.0));
    QVERIFY(near(m.idf1, 1.0));
  }
  void noPredictionsScoreZero() {
    ScenarioBuilder s;
    s.gt(1, {1, 2, 3});
    const MotMetrics m = evaluate(s);
    QCOMPARE(m.hota.hota, 0.0);
    QCOMPARE(m.hota.detA, 0.0);
    QCOMPARE(m.hota.assA, 0.0);
    QCOMPARE(m.hota.locA, 1.0);  // TrackEval's convention when nothing is matched
    QCOMPARE(m.fn, std::int64_t(3));
  }
  void noGroundTruthScoresZero() {
    ScenarioBuilder s;
    s.hyp(1, {1, 2});
    const MotMetrics m = evaluate(s);
    QCOMPARE(m.hota.hota, 0.0);
    QCOMPARE(m.fp, std::int64_t(2));
    QCOMPARE(m.gtIds, std::int64_t(0));
  }
  void identitySwitchHalvesAssociation() {
    // One object, perfectly detected, but by hypothesis 1 in frames 1-2 and hypothesis 2 in frames 3-4:
    // each pair has TPA 2, FNA 2, FPA 0 → A = 0.5; DetA 1; HOTA sqrt(0.5).
    ScenarioBuilder s;
    s.gt(1, {1, 2, 3, 4}).hyp(1, {1, 2}).hyp(2, {3, 4}).similar(1, 1, {1, 2}).similar(1, 2, {3, 4});
    const MotMetrics m = evaluate(s);
    QVERIFY(near(m.hota.detA, 1.0));
    QVERIFY(near(m.hota.assA, 0.5));
    QVERIFY(near(m.hota.hota, std::sqrt(0.5)));
  }
  void falsePositiveAndShortTrack() {
    // g1 in 1-4: h1 in 1-3, h2 in 4, and a stray h3 in frame 2. TP 4, FP 1 → DetA 0.8;
    // A(g1,h1) = 3/(4+3-3) = 0.75, A(g1,h2) = 1/(4+1-1) = 0.25 → AssA (3·0.75 + 1·0.25)/4 = 0.625.
    ScenarioBuilder s;
    s.gt(1, {1, 2, 3, 4}).hyp(1, {1, 2, 3}).hyp(2, {4}).hyp(3, {2});
    s.similar(1, 1, {1, 2, 3}).similar(1, 2, {4});
    const MotMetrics m = evaluate(s);
    QVERIFY(near(m.hota.detA, 0.8));
    QVERIFY(near(m.hota.assA, 0.625));
    QVERIFY(near(m.hota.hota, std::sqrt(0.5)));
    QVERIFY(near(m.hota.detRe, 1.0));
    QVERIFY(near(m.hota.detPr, 0.8));
  }
  void matchingPrefersTheConsistentIdentity() {
    // In frame 3 two hypotheses cover g1 equally well; the one that tracked it before wins the match.
    ScenarioBuilder s;
    s.gt(1, {1, 2, 3}).hyp(1, {1, 2, 3}).hyp(2, {3}).similar(1, 1, {1, 2, 3}).similar(1, 2, {3});
    const MotMetrics m = evaluate(s);
    QVERIFY(near(m.hota.assA, 1.0));
    QVERIFY(near(m.hota.detA, 0.75));
  }
  void localisationThresholdsAlpha() {
    // IoU 0.62 everywhere: α = 0.05 … 0.60 (12 of 19) see a perfect tracker, α >= 0.65 see none.
    std::vector<MotRow> gt, hyp;
    for (int f = 1; f <= 3; ++f) {
      MotRow g;
      g.frame = f;
      g.id = 1;
      g.box = {10.0f, 10.0f, 100.0f, 100.0f};
      MotRow h = g;
      h.box.height = 62.0f;
      gt.push_back(g);
      hyp.push_back(h);
    }
    const MotMetrics m = MotEvaluator::evaluate(gt, hyp);
    QVERIFY(near(m.hota.detA, 12.0 / 19.0));
    QVERIFY(near(m.hota.assA, 12.0 / 19.0));
    QVERIFY(near(m.hota.hota, 12.0 / 19.0));
    QVERIFY(near(m.hota.locA, (12.0 * 0.62 + 7.0) / 19.0));
    QVERIFY(near(m.hota.hotaByAlpha[11], 1.0));
    QVERIFY(near(m.hota.hotaByAlpha[12], 0.0));
  }
};

QTEST_APPLESS_MAIN(TestHotaMetrics)
#include "TestHotaMetrics.moc"
