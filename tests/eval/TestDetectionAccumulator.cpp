// Person AP50 with all-point interpolation: hand-computed frames (precision envelope, score order, duplicates),
// don't-care rows (MOT15 ignore rows, 9-column distractor classes), the greedy highest-IoU matching, edge cases,
// hard/clean pooling, frameF1, merge, and a random case against a literal port of PASCAL VOC's voc_ap.
#include <QtTest>
#include <algorithm>
#include <random>

#include "eval/DetectionAccumulator.h"

using namespace edgescope;

namespace {

/// A 100×100 GT row at (x, 0); classId -1 = MOT15 file (no class column).
MotRow gtRow(float x, float confidence = 1.0f, int classId = -1) {
  MotRow r;
  r.frame = 1;
  r.id = static_cast<int>(x);
  r.box = {x, 0.0f, 100.0f, 100.0f};
  r.confidence = confidence;
  r.classId = classId;
  return r;
}

Detection det(float x, float score) {
  Detection d;
  d.box = {x, 0.0f, 100.0f, 100.0f};
  d.score = score;
  return d;
}

/// Three people at x = 0, 200, 400.
std::vector<MotRow> threePeople() { return {gtRow(0), gtRow(200), gtRow(400)}; }

/// PASCAL VOC devkit's voc_ap (2010+), line by line: mrec/mpre with sentinels, envelope, Σ Δrecall × precision.
double vocAp(const std::vector<double>& rec, const std::vector<double>& prec) {
  std::vector<double> mrec{0.0}, mpre{0.0};
  mrec.insert(mrec.end(), rec.begin(), rec.end());
  mpre.insert(mpre.end(), prec.begin(), prec.end());
  mrec.push_back(1.0);
  mpre.push_back(0.0);
  for (std::size_t i = mpre.size() - 1; i > 0; --i) mpre[i - 1] = std::max(mpre[i - 1], mpre[i]);
  double ap = 0.0;
  for (std::size_t i = 1; i < mrec.size(); ++i) {
    if (mrec[i] != mrec[i - 1]) ap += (mrec[i] - mrec[i - 1]) * mpre[i];
  }
  return ap;
}

}  // namespace

class TestDetectionAccumulator : public QObject {
  Q_OBJECT
 private slots:
  void handComputedFrame() {
    // TP 0.9, FP 0.8, TP 0.7, FP 0.6; one person missed. Precision 1, 1/2, 2/3, 2/4 at recall 1/3, 1/3, 2/3, 2/3:
    // AP = (1 + 2/3) / 3 = 5/9.
    const std::vector<Detection> d{det(0, 0.9f), det(1000, 0.8f), det(200, 0.7f), det(1200, 0.6f)};
    QCOMPARE(DetectionAccumulator::frameAp50(threePeople(), d), 5.0 / 9.0);
  }
  void envelopeTakesTheBestPrecisionToTheRight() {
    // TP, FP, TP, TP: precision 1, 1/2, 2/3, 3/4. Envelope at the recall steps: 1, 3/4, 3/4 → AP = 2.5/3 (without the
    // envelope it would be (1 + 2/3 + 3/4)/3).
    const std::vector<Detection> d{det(0, 0.9f), det(1000, 0.8f), det(200, 0.7f), det(400, 0.6f)};
    QCOMPARE(DetectionAccumulator::frameAp50(threePeople(), d), 2.5 / 3.0);
  }
  void perfectDetectionsScoreOne() {
    QCOMPARE(DetectionAccumulator::frameAp50(threePeople(), {det(0, 0.9f), det(200, 0.5f), det(402, 0.1f)}), 1.0);
    DetectionAccumulator acc;
    for (int f = 1; f <= 5; ++f) {
      acc.addFrame(f, threePeople(), std::vector<Detection>{det(5, 0.6f), det(200, 0.9f), det(400, 0.3f)});
    }
    QCOMPARE(acc.ap50(), 1.0);
    QCOMPARE(acc.gtCount(), std::int64_t{15});
    QCOMPARE(acc.frames(), 5);
  }
  void scoreOrderMatters() {
    // The same FP before every TP: precision 0, 1/2, 2/3, 3/4 → AP 3/4; after them: AP 1.
    const auto people = threePeople();
    const double high =
        DetectionAccumulator::frameAp50(people, {det(1000, 0.95f), det(0, 0.9f), det(200, 0.8f), det(400, 0.7f)});
    const double low =
        DetectionAccumulator::frameAp50(people, {det(1000, 0.5f), det(0, 0.9f), det(200, 0.8f), det(400, 0.7f)});
    QCOMPARE(high, 0.75);
    QCOMPARE(low, 1.0);
  }
  void duplicatesAreFalsePositives() {
    // Two people; A found twice (0.9, 0.8), B at 0.7: TP, FP, TP → precision 1, 1/2, 2/3 → AP (1 + 2/3) / 2.
    const std::vector<MotRow> people{gtRow(0), gtRow(200)};
    const std::vector<Detection> d{det(0, 0.9f), det(5, 0.8f), det(200, 0.7f)};
    QCOMPARE(DetectionAccumulator::frameAp50(people, d), (1.0 + 2.0 / 3.0) / 2.0);
    DetectionAccumulator acc;
    acc.addFrame(1, people, d);
    QCOMPARE(acc.frameSummaries().at(0).truePositives, 2);
    QCOMPARE(acc.frameSummaries().at(0).falsePositives, 1);
    QCOMPARE(DetectionAccumulator::frameF1(people, d, 0.0), 0.8);  // 2·2 / (2·2 + 1 + 0)
  }
  void greedyTakesTheHighestIou() {
    // A at 0 and B at 30 overlap. The 0.9 detection at 20 has IoU 0.67 with A, 0.82 with B: it takes B, so the 0.8
    // detection at -10 (IoU 0.82 with A, 0.43 with B) still finds A. First-above-0.5 would have made it an FP.
    const std::vector<MotRow> people{gtRow(0), gtRow(30)};
    QCOMPARE(DetectionAccumulator::frameAp50(people, {det(20, 0.9f), det(-10, 0.8f)}), 1.0);
  }
  void mot15IgnoreRowsAbsorbDetections() {
    auto gt = threePeople();
    const std::vector<Detection> d{det(0, 0.9f), det(1000, 0.8f), det(200, 0.7f), det(1200, 0.6f)};
    gt.push_back(gtRow(600, 0.0f));  // MOT15 ignore row: not a person to find
    QCOMPARE(DetectionAccumulator::frameAp50(gt, d), 5.0 / 9.0);
    auto withIgnored = d;
    withIgnored.push_back(det(600, 0.99f));  // on the ignore row, highest score: neither TP nor FP
    withIgnored.push_back(det(605, 0.98f));  // a second one on it too
    QCOMPARE(DetectionAccumulator::frameAp50(gt, withIgnored), 5.0 / 9.0);
    DetectionAccumulator acc;
    acc.addFrame(1, gt, withIgnored);
    QCOMPARE(acc.frameSummaries().at(0).ignored, 2);
    QCOMPARE(acc.frameSummaries().at(0).falsePositives, 2);
    QCOMPARE(acc.gtCount(), std::int64_t{3});
    QCOMPARE(acc.ap50(), 5.0 / 9.0);
    // Switched off (TrackEval keeps MOT15 ignore rows' hypotheses): the 0.99 and 0.98 detections become FPs.
    MotPreprocessor::Options keep;
    keep.dropHypMatchedToMot15Ignore = false;
    DetectionAccumulator kept(keep);
    kept.addFrame(1, gt, withIgnored);
    QCOMPARE(kept.frameSummaries().at(0).falsePositives, 4);
    QVERIFY(kept.ap50() < 5.0 / 9.0);
  }
  void nineColumnClasses() {
    // 9-column file: two pedestrians (class 1), a static person (7, distractor), a car (3, neither scored nor
    // don't-care) and a pedestrian marked ignore (flag 0).
    const std::vector<MotRow> gt{gtRow(0, 1.0f, 1), gtRow(200, 1.0f, 1), gtRow(400, 1.0f, 7), gtRow(600, 1.0f, 3),
                                 gtRow(800, 0.0f, 1)};
    DetectionAccumulator acc;
    acc.addFrame(1, gt, std::vector<Detection>{det(0, 0.9f), det(200, 0.8f), det(400, 0.95f)});
    QCOMPARE(acc.gtCount(), std::int64_t{2});
    QCOMPARE(acc.frameSummaries().at(0).ignored, 1);
    QCOMPARE(acc.ap50(), 1.0);
    // A detection on the car or on the flag-0 row is a false positive (as TrackEval scores them): FP, TP, TP →
    // precision 0, 1/2, 2/3 → AP (2/3 + 2/3) / 2.
    QCOMPARE(DetectionAccumulator::frameAp50(gt, {det(600, 0.95f), det(0, 0.9f), det(200, 0.8f)}), 2.0 / 3.0);
    QCOMPARE(DetectionAccumulator::frameAp50(gt, {det(800, 0.95f), det(0, 0.9f), det(200, 0.8f)}), 2.0 / 3.0);
  }
  void edgeCases() {
    QCOMPARE(DetectionAccumulator::frameAp50({}, {}), 1.0);
    QCOMPARE(DetectionAccumulator::frameAp50({gtRow(0, 0.0f)}, {det(0, 0.9f)}), 1.0);  // only an ignored detection
    QCOMPARE(DetectionAccumulator::frameAp50({}, {det(0, 0.9f)}), 0.0);
    QCOMPARE(DetectionAccumulator::frameAp50(threePeople(), {}), 0.0);
    QCOMPARE(DetectionAccumulator::frameF1({}, {}, 0.5), 1.0);
    QCOMPARE(DetectionAccumulator::frameF1({}, {det(0, 0.9f)}, 0.5), 0.0);
    QCOMPARE(DetectionAccumulator::frameF1(threePeople(), {}, 0.5), 0.0);
    DetectionAccumulator empty;
    QCOMPARE(empty.ap50(), 0.0);
    QCOMPARE(empty.frames(), 0);
    DetectionAccumulator noGt;  // frames without people: pooled AP 0, gtCount 0 says why
    noGt.addFrame(1, std::vector<MotRow>{}, std::vector<Detection>{});
    noGt.addFrame(2, std::vector<MotRow>{}, std::vector<Detection>{det(0, 0.4f)});
    QCOMPARE(noGt.ap50(), 0.0);
    QCOMPARE(noGt.gtCount(), std::int64_t{0});
    QCOMPARE(noGt.frameSummaries().at(0).ap50, 1.0);
    QCOMPARE(noGt.frameSummaries().at(1).ap50, 0.0);
  }
  void hardAndCleanPools() {
    DetectionAccumulator acc;
    acc.addFrame(1, std::vector<MotRow>{gtRow(0)}, std::vector<Detection>{det(0, 0.9f)});  // clean: AP 1
    // Hard: two people, an FP at 0.95 and A at 0.5: precision 0, 1/2 → AP (1/2) / 2.
    acc.addFrame(2, std::vector<MotRow>{gtRow(0), gtRow(200)}, std::vector<Detection>{det(1000, 0.95f), det(0, 0.5f)},
                 true);
    QCOMPARE(acc.frames(), 2);
    QCOMPARE(acc.hardFrames(), 1);
    QCOMPARE(acc.hardGtCount(), std::int64_t{2});
    QCOMPARE(acc.cleanGtCount(), std::int64_t{1});
    QCOMPARE(acc.ap50Clean(), 1.0);
    QCOMPARE(acc.ap50Hard(), 0.25);
    // Pooled over 3 people: FP 0.95, TP 0.9, TP 0.5 → precision 0, 1/2, 2/3 → AP (2/3 + 2/3) / 3.
    QCOMPARE(acc.ap50(), 4.0 / 9.0);
    QVERIFY(acc.frameSummaries().at(1).hard);
    QCOMPARE(acc.frameSummaries().at(1).ap50, 0.25);
  }
  void frameF1AtThresholds() {
    // A at 0.9, B at 0.3, an FP at 0.8; C missed.
    const std::vector<Detection> d{det(0, 0.9f), det(200, 0.3f), det(1000, 0.8f)};
    QCOMPARE(DetectionAccumulator::frameF1(threePeople(), d, 0.5), 0.4);        // TP 1, FP 1, FN 2
    QCOMPARE(DetectionAccumulator::frameF1(threePeople(), d, 0.0), 4.0 / 6.0);  // TP 2, FP 1, FN 1
    QCOMPARE(DetectionAccumulator::frameF1(threePeople(), d, 0.95), 0.0);       // nothing kept
    QCOMPARE(DetectionAccumulator::frameF1(threePeople(), {det(0, 0.9f), det(200, 0.9f), det(400, 0.9f)}, 0.5), 1.0);
  }
  void motRowHypothesesUseConfidence() {
    std::vector<MotRow> hyp;
    for (const auto& d : {det(0, 0.9f), det(1000, 0.8f), det(200, 0.7f), det(1200, 0.6f)}) {
      MotRow r = gtRow(d.box.x, d.score);
      r.id = 7;
      hyp.push_back(r);
    }
    DetectionAccumulator acc;
    acc.addFrame(1, threePeople(), hyp);
    QCOMPARE(acc.ap50(), 5.0 / 9.0);
  }
  void mergeEqualsPooledAdd() {
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> unit(0.0f, 1.0f);
    DetectionAccumulator all, first, second;
    for (int f = 1; f <= 40; ++f) {
      std::vector<MotRow> gt;
      std::vector<Detection> d;
      for (int p = 0; p < 5; ++p) {
        gt.push_back(gtRow(200.0f * p));
        if (unit(rng) < 0.8f) d.push_back(det(200.0f * p + 60.0f * (unit(rng) - 0.5f), unit(rng)));
      }
      if (unit(rng) < 0.5f) d.push_back(det(1500, unit(rng)));
      const bool hard = unit(rng) < 0.3f;
      all.addFrame(f, gt, d, hard);
      (f <= 20 ? first : second).addFrame(f, gt, d, hard);
    }
    first.merge(second);
    QCOMPARE(first.ap50(), all.ap50());
    QCOMPARE(first.ap50Hard(), all.ap50Hard());
    QCOMPARE(first.ap50Clean(), all.ap50Clean());
    QCOMPARE(first.frames(), all.frames());
    QCOMPARE(first.hardFrames(), all.hardFrames());
    QCOMPARE(first.gtCount(), all.gtCount());
    QVERIFY(all.ap50() > 0.2 && all.ap50() < 1.0);
  }
  void randomFrameMatchesVocAp() {
    // Detections on distinct people or far away (no ties in IoU), distinct scores: TP/FP known up front, so the
    // devkit's voc_ap over the sorted list is the reference.
    std::mt19937 rng(11);
    std::uniform_real_distribution<float> unit(0.0f, 1.0f);
    for (int trial = 0; trial < 20; ++trial) {
      std::vector<MotRow> gt;
      std::vector<Detection> d;
      std::vector<std::pair<float, bool>> truth;
      const int people = 3 + trial % 5;
      for (int p = 0; p < people; ++p) gt.push_back(gtRow(200.0f * p));
      for (int p = 0; p < people; ++p) {
        if (unit(rng) < 0.7f) {
          d.push_back(det(200.0f * p + 10.0f, unit(rng)));
          truth.push_back({d.back().score, true});
        }
      }
      for (int k = 0; k < 4; ++k) {
        d.push_back(det(5000.0f + 200.0f * k, unit(rng)));
        truth.push_back({d.back().score, false});
      }
      std::sort(truth.begin(), truth.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
      std::vector<double> rec, prec;
      int tp = 0;
      for (std::size_t i = 0; i < truth.size(); ++i) {
        tp += truth[i].second ? 1 : 0;
        rec.push_back(static_cast<double>(tp) / people);
        prec.push_back(static_cast<double>(tp) / static_cast<double>(i + 1));
      }
      QVERIFY(std::abs(DetectionAccumulator::frameAp50(gt, d) - vocAp(rec, prec)) < 1e-12);
    }
  }
};

QTEST_APPLESS_MAIN(TestDetectionAccumulator)
#include "TestDetectionAccumulator.moc"
