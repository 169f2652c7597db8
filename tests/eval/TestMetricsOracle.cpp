// Reproduces the reference values of ../shared/data/metrics-oracle (py-motmetrics / TrackEval on TUD-Campus and
// TUD-Stadtmitte, one sequence each and both as one accumulation).
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include "eval/MetricsJson.h"
#include "eval/MotEvaluator.h"
#include "mot/MotFile.h"

using namespace edgescope;

namespace {

const QString kDir = QStringLiteral(EDGESCOPE_SHARED_DIR "/data/metrics-oracle");
const char* const kRates[] = {"MOTA",      "MOTP", "IDF1", "IDP",  "IDR", "Recall",
                              "Precision", "HOTA", "DetA", "AssA", "LocA"};
const char* const kCounts[] = {"FP", "FN", "IDSW", "Frag", "MT", "PT", "ML", "GT_IDs"};

}  // namespace

class TestMetricsOracle : public QObject {
  Q_OBJECT
 private:
  QJsonObject expected_;

  static std::vector<MotRow> rows(const QString& file) { return MotFile::read((kDir + "/" + file).toStdString()).rows; }

  /// Compares every key of @p want present in the oracle with our JSON object; prints both.
  static void compare(const QString& name, const QJsonObject& want, const MotMetrics& metrics) {
    const QJsonObject got = QJsonDocument::fromJson(QByteArray::fromStdString(MetricsJson::toString(metrics))).object();
    QCOMPARE(got.size(), 19);
    for (const char* key : kRates) {
      if (!want.contains(key)) continue;
      qInfo("%s %-9s ours %.6f expected %.6f", qPrintable(name), key, got[key].toDouble(), want[key].toDouble());
      QVERIFY2(std::fabs(got[key].toDouble() - want[key].toDouble()) <= 1e-3 + 1e-9, key);
    }
    for (const char* key : kCounts) {
      if (!want.contains(key)) continue;
      qInfo("%s %-9s ours %lld expected %lld", qPrintable(name), key, static_cast<long long>(got[key].toInteger()),
            static_cast<long long>(want[key].toInteger()));
      QVERIFY2(got[key].isDouble() && got[key].toDouble() == std::floor(got[key].toDouble()), key);
      QCOMPARE(got[key].toInteger(), want[key].toInteger());
    }
  }

 private slots:
  void initTestCase() {
    QFile file(kDir + "/expected.json");
    if (!file.open(QIODevice::ReadOnly))
      QSKIP("../shared/data/metrics-oracle/expected.json not found; skipping oracle");
    expected_ = QJsonDocument::fromJson(file.readAll()).object();
    QVERIFY(!expected_.isEmpty());
  }
  void singleSequences_data() {
    QTest::addColumn<QString>("name");
    QTest::newRow("tud_campus") << "tud_campus";
    QTest::newRow("tud_stadtmitte") << "tud_stadtmitte";
  }
  void singleSequences() {
    QFETCH(QString, name);
    const QJsonObject want = expected_[name].toObject();
    QVERIFY(!want.isEmpty());
    const auto metrics = MotEvaluator::evaluate(rows(want["gt"].toString()), rows(want["hyp"].toString()));
    compare(name, want, metrics);
  }
  void combinedAccumulation() {
    MetricsAccumulator accumulator;
    for (const char* name : {"tud_campus", "tud_stadtmitte"}) {
      const QJsonObject seq = expected_[name].toObject();
      MotEvaluator::addSequence(accumulator, rows(seq["gt"].toString()), rows(seq["hyp"].toString()), name);
    }
    const MotMetrics metrics = accumulator.compute();
    QCOMPARE(metrics.sequences, std::int64_t(2));
    compare("combined", expected_["combined_tud_campus_and_stadtmitte"].toObject(), metrics);
    qInfo("combined HOTA %.4f DetA %.4f AssA %.4f LocA %.4f (no reference values)", metrics.hota.hota,
          metrics.hota.detA, metrics.hota.assA, metrics.hota.locA);
  }
  void combinedEqualsOneRenumberedSequence() {
    // Namespacing per sequence is the same as one long sequence whose second half has fresh ids and frames.
    MetricsAccumulator accumulator;
    std::vector<MotRow> allGt, allHyp;
    std::int64_t frameOffset = 0;
    int idOffset = 0;
    for (const char* name : {"tud_campus", "tud_stadtmitte"}) {
      const QJsonObject seq = expected_[name].toObject();
      const auto gt = rows(seq["gt"].toString()), hyp = rows(seq["hyp"].toString());
      MotEvaluator::addSequence(accumulator, gt, hyp, name);
      for (auto row : gt) allGt.push_back((row.frame += frameOffset, row.id += idOffset, row));
      for (auto row : hyp) allHyp.push_back((row.frame += frameOffset, row.id += idOffset, row));
      frameOffset += 1000;
      idOffset += 1000;
    }
    const auto a = accumulator.compute(), b = MotEvaluator::evaluate(allGt, allHyp);
    QCOMPARE(MetricsJson::toString(a), MetricsJson::toString(b));
  }
  void liveComputeMatchesFinal() {
    // compute() in the middle of a sequence does not disturb the accumulation.
    const QJsonObject seq = expected_["tud_campus"].toObject();
    const auto gt = rows(seq["gt"].toString()), hyp = rows(seq["hyp"].toString());
    MetricsAccumulator accumulator;
    accumulator.beginSequence("tud_campus");
    for (std::int64_t frame = 1; frame <= 71; ++frame) {
      std::vector<MotRow> g, h;
      for (const auto& row : gt)
        if (row.frame == frame) g.push_back(row);
      for (const auto& row : hyp)
        if (row.frame == frame) h.push_back(row);
      accumulator.addFrame(frame, g, h);
      if (frame % 10 == 0) (void)accumulator.compute();
    }
    compare("tud_campus(live)", seq, accumulator.compute());
  }
};

QTEST_APPLESS_MAIN(TestMetricsOracle)
#include "TestMetricsOracle.moc"
