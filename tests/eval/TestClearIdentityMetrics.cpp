// CLEAR MOT and identity metrics on TrackEval's three hand-computed cases (similarity 1/0 boxes), plus
// fragmentation, mostly-tracked/lost, continuation and switch rules checked on small constructed cases.
#include <QtTest>

#include "ScenarioBuilder.h"
#include "eval/MotEvaluator.h"

using namespace edgescope;

namespace {

MotMetrics evaluate(const ScenarioBuilder& scenario) {
  std::vector<MotRow> gt, hyp;
  scenario.build(gt, hyp);
  return MotEvaluator::evaluate(gt, hyp);
}

MotRow box(std::int64_t frame, int id, float x, float width = 100.0f) {
  MotRow row;
  row.frame = frame;
  row.id = id;
  row.box = {x, 0.0f, width, 100.0f};
  return row;
}

/// TrackEval "no confusion": g0 t=1..5, g1 t=1..3; t0 t=1..4, t1 t=1..5; g0~t1 at 4,5; g1~t0 at 1,2.
ScenarioBuilder noConfusion() {
  ScenarioBuilder s;
  s.gt(0, {1, 2, 3, 4, 5}).gt(1, {1, 2, 3}).hyp(0, {1, 2, 3, 4}).hyp(1, {1, 2, 3, 4, 5});
  s.similar(0, 1, {4, 5}).similar(1, 0, {1, 2});
  return s;
}

}  // namespace

class TestClearIdentityMetrics : public QObject {
  Q_OBJECT
 private slots:
  void trackEvalNoConfusion() {
    const MotMetrics m = evaluate(noConfusion());
    QCOMPARE(m.tp, std::int64_t(4));
    QCOMPARE(m.fn, std::int64_t(4));
    QCOMPARE(m.fp, std::int64_t(5));
    QCOMPARE(m.idsw, std::int64_t(0));
    QCOMPARE(m.mota, 1.0 - 9.0 / 8.0);
    QCOMPARE(m.motp, 1.0);
    QCOMPARE(m.idtp, std::int64_t(4));
    QCOMPARE(m.idfn, std::int64_t(4));
    QCOMPARE(m.idfp, std::int64_t(5));
    QCOMPARE(m.idr, 4.0 / 8.0);
    QCOMPARE(m.idp, 4.0 / 9.0);
    QCOMPARE(m.idf1, 8.0 / 17.0);
    QCOMPARE(m.gtIds, std::int64_t(2));
  }
  void trackEvalWithConfusion() {
    ScenarioBuilder s = noConfusion();
    s.similar(0, 0, {3}).similar(1, 1, {2});
    const MotMetrics m = evaluate(s);
    QCOMPARE(m.tp, std::int64_t(5));
    QCOMPARE(m.fn, std::int64_t(3));
    QCOMPARE(m.fp, std::int64_t(4));
    QCOMPARE(m.idsw, std::int64_t(1));
    QCOMPARE(m.mota, 0.0);
    QCOMPARE(m.idtp, std::int64_t(4));
    QCOMPARE(m.idfn, std::int64_t(4));
    QCOMPARE(m.idfp, std::int64_t(5));
    QCOMPARE(m.idf1, 8.0 / 17.0);
  }
  void trackEvalSplitTracks() {
    ScenarioBuilder s;
    s.gt(0, {1, 2, 4, 5}).gt(1, {1, 2, 3, 4, 5});
    s.hyp(0, {1, 2}).hyp(1, {3, 4, 5}).hyp(2, {5}).hyp(3, {3, 4, 5}).hyp(4, {1, 2});
    s.similar(0, 0, {1, 2}).similar(0, 3, {4, 5}).similar(1, 1, {3, 4}).similar(1, 2, {5}).similar(1, 4, {1, 2});
    const MotMetrics m = evaluate(s);
    QCOMPARE(m.tp, std::int64_t(9));
    QCOMPARE(m.fn, std::int64_t(0));
    QCOMPARE(m.fp, std::int64_t(2));
    QCOMPARE(m.idsw, std::int64_t(3));
    QCOMPARE(m.mota, 1.0 - 5.0 / 9.0);
    QCOMPARE(m.idtp, std::int64_t(4));
    QCOMPARE(m.idfn, std::int64_t(5));
    QCOMPARE(m.idfp, std::int64_t(7));
    QCOMPARE(m.idr, 4.0 / 9.0);
    QCOMPARE(m.idp, 4.0 / 11.0);
    QCOMPARE(m.idf1, 8.0 / 20.0);
  }
  void fragmentationAndTrackedRatios() {
    ScenarioBuilder s;
    const std::vector<int> all = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    // g0: tracked 1-3, missed 4-5, tracked 6-8, missed 9, tracked 10 → 2 fragmentations, 7/10 tracked (PT).
    s.gt(0, all).hyp(0, {1, 2, 3, 6, 7, 8, 10}).similar(0, 0, {1, 2, 3, 6, 7, 8, 10});
    // g1: 8/10 tracked (MT at exactly 80 %), misses only at the end → no fragmentation.
    s.gt(1, all).hyp(1, {1, 2, 3, 4, 5, 6, 7, 8}).similar(1, 1, {1, 2, 3, 4, 5, 6, 7, 8});
    // g2: tracked once (10 % → ML); g3 absent in 4-6 (not a miss), tracked around the gap → no fragmentation, MT.
    s.gt(2, all).hyp(2, {5}).similar(2, 2, {5});
    s.gt(3, {1, 2, 3, 7, 8}).hyp(3, {1, 2, 3, 7, 8}).similar(3, 3, {1, 2, 3, 7, 8});
    // g4: 2/10 tracked (PT at exactly 20 %), first frames missed.
    s.gt(4, all).hyp(4, {9, 10}).similar(4, 4, {9, 10});
    const MotMetrics m = evaluate(s);
    QCOMPARE(m.frag, std::int64_t(2));
    QCOMPARE(m.mt, std::int64_t(2));
    QCOMPARE(m.pt, std::int64_t(2));
    QCOMPARE(m.ml, std::int64_t(1));
    QCOMPARE(m.gtIds, std::int64_t(5));
    QCOMPARE(m.idsw, std::int64_t(0));
    QCOMPARE(m.fp, std::int64_t(0));
  }
  void continuingMatchBeatsABetterNewcomer() {
    // Frame 1: g0 ~ h0. Frame 2: h1 overlaps g0 perfectly, h0 only at IoU 0.6 — the match continues (no switch).
    const std::vector<MotRow> gt = {box(1, 0, 0), box(2, 0, 0)};
    const std::vector<MotRow> hyp = {box(1, 0, 0), box(2, 0, 25), box(2, 1, 0)};
    const MotMetrics m = MotEvaluator::evaluate(gt, hyp);
    QCOMPARE(m.tp, std::int64_t(2));
    QCOMPARE(m.idsw, std::int64_t(0));
    QCOMPARE(m.fp, std::int64_t(1));
    QVERIFY(std::fabs(m.motp - (1.0 + 0.6) / 2.0) < 1e-6);
  }
  void switchIsCountedAfterAnAbsence() {
    // g0 tracked by h0 in frame 1, absent in 2-3, back in frame 4 tracked by h1: one switch, no fragmentation.
    const std::vector<MotRow> gt = {box(1, 0, 0), box(4, 0, 0)};
    const std::vector<MotRow> hyp = {box(1, 0, 0), box(4, 1, 0)};
    const MotMetrics m = MotEvaluator::evaluate(gt, hyp);
    QCOMPARE(m.idsw, std::int64_t(1));
    QCOMPARE(m.frag, std::int64_t(0));
    QCOMPARE(m.mota, 1.0 - 1.0 / 2.0);
  }
  void matchingMaximisesTheNumberOfMatches() {
    // h0 fits g0 best (IoU 1) but is g1's only candidate; h1 fits g0 at IoU 0.6: both GT boxes get matched.
    const std::vector<MotRow> gt = {box(1, 0, 0), box(1, 1, 20)};
    const std::vector<MotRow> hyp = {box(1, 0, 0), box(1, 1, -25)};
    const MotMetrics m = MotEvaluator::evaluate(gt, hyp);
    QCOMPARE(m.tp, std::int64_t(2));
    QCOMPARE(m.fn, std::int64_t(0));
  }
  void belowHalfIouIsNoMatch() {
    const std::vector<MotRow> gt = {box(1, 0, 0)};
    const MotMetrics exact = MotEvaluator::evaluate(gt, {box(1, 0, 0, 50)});  // IoU exactly 0.5 → match
    QCOMPARE(exact.tp, std::int64_t(1));
    const MotMetrics below = MotEvaluator::evaluate(gt, {box(1, 0, 0, 49)});  // IoU 0.49 → FP + FN
    QCOMPARE(below.tp, std::int64_t(0));
    QCOMPARE(below.fp, std::int64_t(1));
    QCOMPARE(below.fn, std::int64_t(1));
    QCOMPARE(below.idtp, std::int64_t(0));
  }
};

QTEST_APPLESS_MAIN(TestClearIdentityMetrics)
#include "TestClearIdentityMetrics.moc"
