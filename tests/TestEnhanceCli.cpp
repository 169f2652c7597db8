// edgescope-cli track --enhance (issue 21, benchmark goal G4) on a small synthetic scene with the default detector:
// paced at 10 fps the JSON's "enhance" object accounts every hard frame (enhanced, skipped for budget or untouched);
// unpaced with --hard-threshold 0 every method runs on every frame (classic-oracle leaves exactly the clean frames
// alone, upscale reports its input size, a teacher detector replaces the boxes); bad values and --enhance with
// --turbo are Errors (exit code 1) naming the options.
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include "TestHelpers.h"

namespace {

const QString kSource = QStringLiteral("synthetic:?seed=3&people=6&frames=20&width=320&height=256");

QJsonObject jsonOf(const edgescope::testing::CliResult& r) {
  return QJsonDocument::fromJson(r.out.trimmed().split('\n').last().toUtf8()).object();
}

edgescope::testing::CliResult track(const QStringList& extra) {
  return edgescope::testing::runCli(QStringList{"track", "--source", kSource, "--json"} + extra);
}

}  // namespace

class TestEnhanceCli : public QObject {
  Q_OBJECT
 private slots:
  void pacedClassicAccountsEveryHardFrame() {
    // Short episodes, so that 20 frames hold degraded ones (frames 3-10 and 16-20).
    const auto r = track({"--enhance", "classic", "--pace", "10", "--degrade", "seed=5,share=0.5,episode=0.2:0.5"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QJsonObject json = jsonOf(r);
    QCOMPARE(json["frames"].toInt(), 20);
    const QJsonObject enhance = json["enhance"].toObject();
    QCOMPARE(enhance["method"].toString(), QString("classic"));
    QCOMPARE(enhance["frames"].toInt(), 20);
    const int hard = enhance["hard_frames"].toInt();
    QVERIFY(hard >= 0 && hard <= 20);
    QCOMPARE(enhance["enhanced_frames"].toInt() + enhance["skipped_for_budget"].toInt() +
                 enhance["untouched_frames"].toInt(),
             hard);
    QCOMPARE(enhance["untouched_frames"].toInt(), 0);  // only classic-oracle leaves frames alone
    QVERIFY(enhance["p99_ms"].toDouble() >= enhance["mean_ms"].toDouble());
    QVERIFY(enhance["mean_ms"].toDouble() >= 0.0);
    const double threshold = enhance["hard_threshold"].toDouble();
    QVERIFY(threshold > 0.0 && threshold <= 1.0);
    QVERIFY(json["detection"].toObject().contains("AP50"));
    QVERIFY(json["latency_ms"].toObject()["e2e"].toObject()["p99"].toDouble() > 0.0);
    QVERIFY(!json.contains("turbo"));
  }

  void everyMethodRunsOnEveryHardFrame_data() {
    QTest::addColumn<QString>("method");
    QTest::newRow("classic") << "classic";
    QTest::newRow("classic-oracle") << "classic-oracle";
    QTest::newRow("upscale") << "upscale";
    QTest::newRow("upscale:2") << "upscale:2";
    QTest::newRow("teacher") << "teacher:hog";
  }
  void everyMethodRunsOnEveryHardFrame() {
    QFETCH(QString, method);
    const auto r = track({"--enhance", method, "--hard-threshold", "0", "--degrade", "seed=5,share=0.5,episode=0.2:0.5",
                          "--frames", "1:10"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QJsonObject json = jsonOf(r);
    const QJsonObject enhance = json["enhance"].toObject();
    QCOMPARE(enhance["hard_threshold"].toDouble(), 0.0);
    QCOMPARE(enhance["hard_threshold_source"].toString(), QString("option"));
    QCOMPARE(enhance["hard_frames"].toInt(), 10);        // d >= 0 always
    QCOMPARE(enhance["skipped_for_budget"].toInt(), 0);  // unpaced: always fits
    const int degraded = json["degrade"].toObject()["degraded_frames"].toInt();
    if (method == "classic-oracle") {
      QVERIFY2(degraded > 0 && degraded < 10, "the spec must mix clean and degraded frames");
      QCOMPARE(enhance["untouched_frames"].toInt(), 10 - degraded);
      QCOMPARE(enhance["enhanced_frames"].toInt(), degraded);
    } else {
      QCOMPARE(enhance["enhanced_frames"].toInt(), 10);
    }
    if (enhance["enhanced_frames"].toInt() > 0) {
      QVERIFY(enhance["mean_ms"].toDouble() > 0.0);
      QVERIFY(json["latency_ms"].toObject().contains("enhance"));
    }
    if (method == "upscale")
      QCOMPARE(enhance["input_size"].toString(), QString("416x320"));  // 1.25 × 320×256, sides rounded to 32
    if (method == "upscale:2") QCOMPARE(enhance["input_size"].toString(), QString("640x512"));
    if (method.startsWith("upscale")) QCOMPARE(enhance["method"].toString(), QString("upscale"));
    if (method.startsWith("teacher:")) {
      QCOMPARE(enhance["method"].toString(), QString("teacher"));
      QCOMPARE(enhance["teacher"].toString(), QString("hog"));
    }
  }

  void badValuesAreErrorsNamingTheOptions() {
    auto r = track({"--enhance", "classic", "--turbo", "auto"});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("--enhance classic") && r.err.contains("--turbo auto"), qPrintable(r.err));
    r = track({"--enhance", "sharpen"});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("--enhance sharpen"), qPrintable(r.err));
    r = track({"--enhance", "upscale:0.5"});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("--enhance upscale:0.5"), qPrintable(r.err));
    r = track({"--enhance", "teacher:"});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("--enhance teacher:"), qPrintable(r.err));
    r = track({"--enhance", "teacher:nosuch:model.onnx"});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("--enhance teacher:nosuch:model.onnx"), qPrintable(r.err));
  }
};

QTEST_GUILESS_MAIN(TestEnhanceCli)
#include "TestEnhanceCli.moc"
