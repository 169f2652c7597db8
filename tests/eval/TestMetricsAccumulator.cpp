// The accumulator around the metrics: per-sequence identity namespaces, live compute() equal to a fresh evaluation
// of the frames so far, frame ranges, MOTChallenge preprocessing (ignore rows, distractors, classes), duplicate ids,
// and the JSON/table output.
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>
#include <random>

#include "eval/FrameRange.h"
#include "eval/MetricsJson.h"
#include "eval/MetricsTable.h"
#include "eval/MotEvaluator.h"
#include "util/Error.h"

using namespace edgescope;

namespace {

MotRow row(std::int64_t frame, int id, float x, float confidence = 1.0f, int classId = -1) {
  MotRow r;
  r.frame = frame;
  r.id = id;
  r.box = {x, 0.0f, 100.0f, 100.0f};
  r.confidence = confidence;
  r.classId = classId;
  return r;
}

/// A random scene: GT walkers and a noisy tracker with switches, misses and false positives.
void randomScene(unsigned seed, int frames, std::vector<MotRow>& gt, std::vector<MotRow>& hyp) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> unit(0.0f, 1.0f);
  for (int f = 1; f <= frames; ++f) {
    for (int id = 0; id < 6; ++id) {
      if ((f + id * 7) % 23 < 3) continue;  // object absent now and then
      const float x = 150.0f * id + 2.0f * f;
      gt.push_back(row(f, id, x));
      if (unit(rng) < 0.15f) continue;              // missed
      const int hypId = id + 10 * ((f + id) / 17);  // identity changes every 17 frames
      hyp.push_back(row(f, hypId, x + 40.0f * (unit(rng) - 0.5f)));
    }
    if (unit(rng) < 0.2f) hyp.push_back(row(f, 999, 2000.0f));  // false positive
  }
}

QJsonObject jsonOf(const MotMetrics& m) {
  return QJsonDocument::fromJson(QByteArray::fromStdString(MetricsJson::toString(m))).object();
}

}  // namespace

class TestMetricsAccumulator : public QObject {
  Q_OBJECT
 private slots:
  void sequencesHaveSeparateIdentities() {
    MetricsAccumulator acc;
    acc.beginSequence("a");
    for (int f = 1; f <= 3; ++f) acc.addFrame(f, {row(f, 1, 0)}, {row(f, 5, 0)});
    acc.beginSequence("b");
    for (int f = 1; f <= 3; ++f) acc.addFrame(f, {row(f, 1, 0)}, {row(f, 6, 0)});  // same GT id, other hypothesis
    const MotMetrics m = acc.compute();
    QCOMPARE(m.idsw, std::int64_t(0));
    QCOMPARE(m.gtIds, std::int64_t(2));
    QCOMPARE(m.idf1, 1.0);
    QCOMPARE(m.sequences, std::int64_t(2));
    QCOMPARE(m.frames, std::int64_t(6));
    // Within one sequence the same data is a switch.
    MetricsAccumulator one;
    for (int f = 1; f <= 3; ++f) one.addFrame(f, {row(f, 1, 0)}, {row(f, 5, 0)});
    for (int f = 4; f <= 6; ++f) one.addFrame(f, {row(f, 1, 0)}, {row(f, 6, 0)});
    QCOMPARE(one.compute().idsw, std::int64_t(1));
    QCOMPARE(one.compute().idf1, 0.5);
  }
  void liveComputeEqualsEvaluatingTheFramesSoFar() {
    std::vector<MotRow> gt, hyp;
    randomScene(7, 60, gt, hyp);
    MetricsAccumulator acc;
    for (int f = 1; f <= 60; ++f) {
      std::vector<MotRow> g, h;
      for (const auto& r : gt)
        if (r.frame == f) g.push_back(r);
      for (const auto& r : hyp)
        if (r.frame == f) h.push_back(r);
      acc.addFrame(f, g, h);
      if (f % 15 != 0) continue;
      const MotMetrics live = acc.compute();
      const MotMetrics fresh = MotEvaluator::evaluate(gt, hyp, FrameRange{1, f});
      QCOMPARE(MetricsJson::toString(live), MetricsJson::toString(fresh));
      QVERIFY(live.idsw > 0 && live.fp > 0 && live.fn > 0);
    }
  }
  void frameRangeScoresOnlyThoseFrames() {
    std::vector<MotRow> gt, hyp;
    randomScene(3, 80, gt, hyp);
    const FrameRange range{21, 40};
    const MotMetrics ranged = MotEvaluator::evaluate(gt, hyp, range);
    const MotMetrics filtered = MotEvaluator::evaluate(range.filter(gt), range.filter(hyp));
    QCOMPARE(MetricsJson::toString(ranged), MetricsJson::toString(filtered));
    QCOMPARE(ranged.gtDetections, std::int64_t(range.filter(gt).size()));
    QVERIFY(ranged.gtDetections < std::int64_t(gt.size()));
    QCOMPARE(QString::fromStdString(range.toString()), QString("21..40"));
    QCOMPARE(QString::fromStdString(FrameRange{5}.toString()), QString("5.."));
    QVERIFY(FrameRange{}.isAll());
    QVERIFY_THROWS_EXCEPTION(Error, (FrameRange{9, 3}.validate()));
    QVERIFY_THROWS_EXCEPTION(Error, (FrameRange{0, 3}.validate()));
  }
  void mot15IgnoreRowsDropTheirMatches() {
    // GT id 2 is an ignore row (7th column 0); the hypothesis on it is neither TP nor FP.
    const std::vector<MotRow> gt = {row(1, 1, 0), row(1, 2, 300, 0.0f)};
    const std::vector<MotRow> hyp = {row(1, 1, 0), row(1, 7, 300), row(1, 8, 600)};
    const MotMetrics m = MotEvaluator::evaluate(gt, hyp);
    QCOMPARE(m.tp, std::int64_t(1));
    QCOMPARE(m.fp, std::int64_t(1));  // only the hypothesis at 600
    QCOMPARE(m.gtDetections, std::int64_t(1));
    QCOMPARE(m.gtIds, std::int64_t(1));
    MotPreprocessor::Options keep;
    keep.dropHypMatchedToMot15Ignore = false;  // TrackEval's MOT15 behaviour
    QCOMPARE(MotEvaluator::evaluate(gt, hyp, {}, keep).fp, std::int64_t(2));
  }
  void mot17DistractorsAndClasses() {
    const std::vector<MotRow> gt = {
        row(1, 1, 0, 1.0f, 1),     // pedestrian: scored
        row(1, 2, 200, 0.0f, 7),   // static person (ignored): its hypothesis is dropped
        row(1, 3, 400, 1.0f, 12),  // reflection: its hypothesis is dropped
        row(1, 4, 600, 1.0f, 3),   // car: not scored, its hypothesis stays (FP)
        row(1, 5, 800, 0.0f, 1),   // zero-marked pedestrian: not scored, its hypothesis stays (FP)
        row(1, 6, 1000, 1.0f, 6),  // non_mot_vehicle: a distractor only with the MOT20 option
    };
    std::vector<MotRow> hyp;
    for (int i = 0; i < 6; ++i) hyp.push_back(row(1, 10 + i, 200.0f * i));
    const MotMetrics m = MotEvaluator::evaluate(gt, hyp);
    QCOMPARE(m.tp, std::int64_t(1));
    QCOMPARE(m.fp, std::int64_t(3));
    QCOMPARE(m.gtDetections, std::int64_t(1));
    QCOMPARE(m.hypDetections, std::int64_t(4));
    MotPreprocessor::Options mot20;
    mot20.mot20Distractors = true;
    QCOMPARE(MotEvaluator::evaluate(gt, hyp, {}, mot20).fp, std::int64_t(2));
  }
  void distractorMatchingUsesAllGroundTruth() {
    // A pedestrian and a distractor both overlap the hypothesis; it matches the pedestrian (higher IoU) and stays.
    const std::vector<MotRow> gt = {row(1, 1, 0, 1.0f, 1), row(1, 2, 30, 1.0f, 8)};
    const MotMetrics m = MotEvaluator::evaluate(gt, {row(1, 9, 5)});
    QCOMPARE(m.tp, std::int64_t(1));
    QCOMPARE(m.fp, std::int64_t(0));
  }
  void duplicateIdsAreErrors() {
    MetricsAccumulator acc;
    acc.beginSequence("seq");
    acc.addFrame(1, {row(1, 1, 0)}, {row(1, 1, 0)});
    try {
      acc.addFrame(2, {row(2, 1, 0)}, {row(2, 3, 0), row(2, 3, 400)});
      QFAIL("no error");
    } catch (const Error& e) {
      QCOMPARE(QString(e.what()), QString("seq: frame 2: hypothesis id 3 appears more than once"));
    }
    QCOMPARE(acc.compute().gtDetections, std::int64_t(1));  // unchanged
    try {
      MotEvaluator::checkUniqueIds({row(4, 2, 0), row(4, 2, 50)}, "gt.txt");
      QFAIL("no error");
    } catch (const Error& e) {
      QCOMPARE(QString(e.what()), QString("gt.txt: frame 4: id 2 appears more than once"));
    }
  }
  void resetAndEmptyAccumulations() {
    MetricsAccumulator acc;
    const MotMetrics empty = acc.compute();
    QCOMPARE(empty.mota, 0.0);
    QCOMPARE(empty.hota.hota, 0.0);
    QCOMPARE(empty.sequences, std::int64_t(0));
    acc.addFrame(1, {row(1, 1, 0)}, {});
    acc.addFrame(2, {}, {});
    QCOMPARE(acc.compute().fn, std::int64_t(1));
    QCOMPARE(acc.compute().frames, std::int64_t(2));
    acc.reset();
    QCOMPARE(acc.compute().fn, std::int64_t(0));
  }
  void jsonHasExactlyTheContractKeys() {
    std::vector<MotRow> gt, hyp;
    randomScene(11, 30, gt, hyp);
    const MotMetrics m = MotEvaluator::evaluate(gt, hyp);
    const QJsonObject json = jsonOf(m);
    const QStringList keys = {"MOTA",      "MOTP", "IDF1", "IDP",  "IDR",  "HOTA", "DetA", "AssA", "LocA",  "Recall",
                              "Precision", "FP",   "FN",   "IDSW", "Frag", "MT",   "PT",   "ML",   "GT_IDs"};
    QCOMPARE(json.size(), keys.size());
    for (const auto& key : keys) QVERIFY2(json.contains(key), qPrintable(key));
    QCOMPARE(json["FP"].toInteger(), m.fp);
    QVERIFY(!MetricsJson::toString(m).empty() &&
            MetricsJson::toString(m).find("\"FN\":" + std::to_string(m.fn)) != std::string::npos);
    QVERIFY(std::fabs(json["MOTA"].toDouble() - m.mota) < 1e-9);
    const QString table = QString::fromStdString(MetricsTable::format(m, "gt vs hyp"));
    for (const auto& key : keys) QVERIFY2(table.contains(key), qPrintable(key));
    QVERIFY(table.startsWith("gt vs hyp\n"));
  }
};

QTEST_APPLESS_MAIN(TestMetricsAccumulator)
#include "TestMetricsAccumulator.moc"
