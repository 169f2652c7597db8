// PhiScore: φ = 1 − F1 at IoU ≥ 0.3 between consecutive samples' teacher boxes — empty cases, the IoU threshold,
// partial overlap, optimal (not greedy) matching, teacher score/class filtering, garbage boxes, and the running φ̄
// of a decision interval.
#include <QtTest>

#include "../TestHelpers.h"

#include <cmath>
#include <functional>
#include <limits>
#include <vector>

#include "ams/PhiScore.h"
#include "util/Error.h"

using namespace edgescope;

using edgescope::testing::errorOf;

namespace {

BoundingBox box(float x, float y, float w = 100.0f, float h = 100.0f) { return {x, y, w, h}; }

Detection det(BoundingBox b, float score = 0.9f, int classId = 0) {
  Detection d;
  d.box = b;
  d.score = score;
  d.classId = classId;
  return d;
}

}  // namespace

class TestPhiScore : public QObject {
  Q_OBJECT
 private slots:
  void emptySamples() {
    const std::vector<BoundingBox> none;
    const std::vector<BoundingBox> one = {box(0, 0)};
    QCOMPARE(PhiScore::match(none, none).f1(), 1.0);  // nothing changed in an empty street
    QCOMPARE(PhiScore::match(none, none).phi(), 0.0);
    QCOMPARE(PhiScore::match(none, one).f1(), 0.0);
    QCOMPARE(PhiScore::match(none, one).phi(), 1.0);
    QCOMPARE(PhiScore::match(one, none).phi(), 1.0);
  }
  void identicalSamples() {
    const std::vector<BoundingBox> boxes = {box(0, 0), box(300, 0), box(0, 300, 40, 80)};
    const auto m = PhiScore::match(boxes, boxes);
    QCOMPARE(m.matched, 3);
    QCOMPARE(m.phi(), 0.0);
  }
  void iouThreshold() {
    // Same-size boxes shifted by dx: IoU = (100 − dx) / (100 + dx); dx 45 → 0.379, dx 55 → 0.290.
    QCOMPARE(PhiScore::match({box(0, 0)}, {box(45, 0)}).phi(), 0.0);
    QCOMPARE(PhiScore::match({box(0, 0)}, {box(55, 0)}).phi(), 1.0);
    QCOMPARE(PhiScore::match({box(0, 0)}, {box(55, 0)}, 0.25).phi(), 0.0);  // a looser threshold matches it
    QCOMPARE(PhiScore::match({box(0, 0)}, {box(0, 0)}, 1.0).phi(), 0.0);    // only exact boxes at 1
  }
  void partialChange() {
    // Two people stay (one moved a little), one left, one arrived: 2 matches of 3 + 3 → F1 = 4 / 6.
    const std::vector<BoundingBox> previous = {box(0, 0), box(200, 0), box(400, 0)};
    const std::vector<BoundingBox> current = {box(10, 0), box(200, 0), box(800, 800)};
    const auto m = PhiScore::match(previous, current);
    QCOMPARE(m.matched, 2);
    QCOMPARE(m.previousCount, 3);
    QCOMPARE(m.currentCount, 3);
    QVERIFY(std::abs(m.f1() - 4.0 / 6.0) < 1e-12);
    QVERIFY(std::abs(m.phi() - 2.0 / 6.0) < 1e-12);
    // Counts differ: 1 of 1 vs 1 of 3 → F1 = 2 / 4.
    QCOMPARE(PhiScore::match({box(0, 0)}, previous).f1(), 0.5);
  }
  void hungarianBeatsGreedy() {
    // IoU(A,X) = 0.905 is the best pair, but taking it strands B: IoU(B,X) = 0.379 and IoU(B,Y) = 0.053, while
    // IoU(A,Y) = 0.429. Greedy highest-IoU-first would match 1 pair (F1 0.5); the optimal assignment matches 2.
    const std::vector<BoundingBox> previous = {box(0, 0), box(50, 0)};  // A, B
    const std::vector<BoundingBox> current = {box(5, 0), box(-40, 0)};  // X, Y
    QVERIFY(previous[0].iou(current[0]) > previous[0].iou(current[1]));
    QVERIFY(previous[1].iou(current[1]) < 0.3f);
    const auto m = PhiScore::match(previous, current);
    QCOMPARE(m.matched, 2);
    QCOMPARE(m.phi(), 0.0);
  }
  void teacherDetectionsFiltered() {
    // Below the teacher's 0.5 positive score a detection is no box; NaN scores never count.
    const std::vector<Detection> previous = {det(box(0, 0)), det(box(300, 0), 0.4f)};
    const std::vector<Detection> current = {det(box(0, 0)), det(box(300, 0), std::nanf(""))};
    auto m = PhiScore::match(previous, current);
    QCOMPARE(m.previousCount, 1);
    QCOMPARE(m.currentCount, 1);
    QCOMPARE(m.phi(), 0.0);
    m = PhiScore::match(previous, current, PhiScore::kIouThreshold, 0.3f);  // 0.4 counts now, unmatched
    QCOMPARE(m.previousCount, 2);
    QVERIFY(std::abs(m.phi() - 1.0 / 3.0) < 1e-12);
    // A different class at the same place is a change.
    m = PhiScore::match({det(box(0, 0), 0.9f, 0)}, {det(box(0, 0), 0.9f, 2)});
    QCOMPARE(m.matched, 0);
    QCOMPARE(m.phi(), 1.0);
  }
  void garbageBoxes() {
    const float inf = std::numeric_limits<float>::infinity();
    const float nan = std::nanf("");
    const std::vector<BoundingBox> junk = {box(nan, 0), box(0, 0, inf, inf), box(0, 0, -10, 5), box(0, 0, 0, 0),
                                           box(-inf, inf, 1, 1)};
    const auto m = PhiScore::match(junk, junk);
    QCOMPARE(m.previousCount, 5);
    QCOMPARE(m.matched, 0);  // none has a usable area, so none matches (not even itself)
    QCOMPARE(m.phi(), 1.0);
    const auto mixed = PhiScore::match({box(0, 0), box(nan, nan)}, {box(0, 0)});
    QCOMPARE(mixed.matched, 1);
    QVERIFY(mixed.phi() >= 0.0 && mixed.phi() <= 1.0);
  }
  void badOptions() {
    QVERIFY(errorOf([] { PhiScore::match(std::vector<BoundingBox>{}, {}, 0.0); }).contains("iouThreshold"));
    QVERIFY(errorOf([] { PhiScore::match(std::vector<BoundingBox>{}, {}, 1.5); }).contains("iouThreshold"));
    QVERIFY(errorOf([] { PhiScore::match(std::vector<BoundingBox>{}, {}, std::nan("")); }).contains("iouThreshold"));
    QVERIFY(errorOf([] { PhiScore score(-0.1); }).contains("iouThreshold"));
    QVERIFY(errorOf([] { PhiScore score(0.3, std::nanf("")); }).contains("minScore"));
    QVERIFY(errorOf([] { PhiScore::match(std::vector<Detection>{}, {}, 0.3, std::nanf("")); }).contains("minScore"));
  }
  void runningMean() {
    PhiScore score;
    QVERIFY(!score.hasPrevious());
    QVERIFY(std::isnan(score.intervalMean()));
    QVERIFY(std::isnan(score.addSample(std::vector<BoundingBox>{box(0, 0)})));  // first sample: no φ
    QCOMPARE(score.intervalCount(), 0);
    QVERIFY(score.hasPrevious());
    QCOMPARE(score.addSample(std::vector<BoundingBox>{box(0, 0)}), 0.0);
    QCOMPARE(score.addSample(std::vector<BoundingBox>{}), 1.0);
    QCOMPARE(score.addSample(std::vector<BoundingBox>{}), 0.0);
    QCOMPARE(score.intervalCount(), 3);
    QVERIFY(std::abs(score.intervalMean() - 1.0 / 3.0) < 1e-12);
    QVERIFY(std::abs(score.takeIntervalMean() - 1.0 / 3.0) < 1e-12);
    // A new interval; the previous sample (empty) is kept, so the next φ compares across the boundary.
    QCOMPARE(score.intervalCount(), 0);
    QVERIFY(std::isnan(score.intervalMean()));
    QCOMPARE(score.addSample(std::vector<Detection>{det(box(0, 0))}), 1.0);
    QCOMPARE(score.addSample(std::vector<Detection>{det(box(0, 0), 0.2f)}), 1.0);  // filtered out: empty sample
    QCOMPARE(score.intervalMean(), 1.0);
    score.addPhi(0.0);
    score.addPhi(std::nan(""));  // ignored
    QCOMPARE(score.intervalCount(), 3);
    QVERIFY(std::abs(score.intervalMean() - 2.0 / 3.0) < 1e-12);
    QVERIFY(errorOf([&] { score.addPhi(1.5); }).contains("phi"));
    QVERIFY(errorOf([&] { score.addPhi(-std::numeric_limits<double>::infinity()); }).contains("phi"));
    QCOMPARE(score.intervalCount(), 3);  // the bad values were not added
    score.reset();
    QVERIFY(!score.hasPrevious());
    QCOMPARE(score.intervalCount(), 0);
    QVERIFY(std::isnan(score.addSample(std::vector<BoundingBox>{})));
  }
};

QTEST_GUILESS_MAIN(TestPhiScore)
#include "TestPhiScore.moc"
