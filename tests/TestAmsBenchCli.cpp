// edgescope-cli ams-bench (issue 22) on 300 synthetic frames (Slow): the student (jde_yolox_s8) learns from the
// teacher (jde_yolox_s4) through a few AMS phases in virtual time. Checks that every scheme row is complete and
// consistent (updates arrive, the camera's weights equal the node's copy bit for bit, γ = 5 % costs ≤ 23 bits per
// streamed parameter and a fraction of full-model updates' downlink), that the teacher cache is reused, and that
// ground truth never reaches training: the same run without GT trains the same updates and scores the same F1.
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

const QString kModels = QStringLiteral(EDGESCOPE_MODELS_DIR);

struct Run {
  int code = -1;
  QString out, err;
};

Run cli(const QStringList& args) {
  QProcess process;
  process.start(EDGESCOPE_BIN_DIR "/edgescope-cli", args);
  process.waitForFinished(300000);
  return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
          QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

QJsonObject rowOf(const QJsonObject& json, const QString& scheme) {
  for (const QJsonValue& row : json["rows"].toArray())
    if (row.toObject()["scheme"].toString() == scheme) return row.toObject();
  return {};
}

}  // namespace

class TestAmsBenchCli : public QObject {
  Q_OBJECT
 private:
  QTemporaryDir dir_;
  QString withGt_, withoutGt_;

  QStringList common(const QString& source, const QString& schemes) const {
    return {"ams-bench",
            "--source",
            source,
            "--student",
            kModels + "/jde_yolox_s8.json",
            "--teacher",
            "jde:" + kModels + "/jde_yolox_s4.json",
            "--teacher-cache",
            dir_.filePath("cache"),
            "--schemes",
            schemes,
            "--update-interval",
            "5",
            "--max-rate",
            "2",
            "--horizon",
            "60",
            "--iterations",
            "4",
            "--set",
            "ams.batch=2",
            "--set",
            "ams.gate=0",
            "--time",
            "fixed:1",
            "--seed",
            "3",
            "--json"};
  }

 private slots:
  void initTestCase() {
    if (cli({"ams-bench", "--help"}).code != 0) QSKIP("this edgescope-cli has no LibTorch (no ams-bench)");
    if (!QFile::exists(kModels + "/jde_yolox_s8.json") || !QFile::exists(kModels + "/jde_yolox_s4.json"))
      QSKIP("models/jde_yolox_s8 or jde_yolox_s4 is absent");
    withGt_ = "mot:" + dir_.filePath("scene");
    const Run synth = cli({"synth", "--out", dir_.filePath("scene"), "--seed", "41", "--frames", "300", "--people", "6",
                           "--width", "320", "--height", "256", "--fps", "10"});
    QVERIFY2(synth.code == 0, qPrintable(synth.err));
    const QString scene = dir_.filePath("scene"), bare = dir_.filePath("scene-no-gt");
    QVERIFY(QDir().mkpath(bare));
    QVERIFY(QFile::copy(scene + "/seqinfo.ini", bare + "/seqinfo.ini"));
    QVERIFY(QFile::link(scene + "/img1", bare + "/img1"));
    withoutGt_ = "mot:" + bare;
  }

  void schemesStreamConsistentUpdates() {
    const Run r = cli(common(withGt_, "none,ams,full"));
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QJsonObject json = QJsonDocument::fromJson(r.out.toUtf8()).object();
    const QJsonObject none = rowOf(json, "none"), ams = rowOf(json, "ams"), full = rowOf(json, "full");
    QVERIFY(!none.isEmpty() && !ams.isEmpty() && !full.isEmpty());
    QCOMPARE(none["updates"].toInt(), 0);
    QCOMPARE(none["uplink_kbps"].toDouble(), 0.0);
    QVERIFY(!none["MOTA"].isNull());  // the MOT folder has GT
    for (const QJsonObject& row : {ams, full}) {
      QVERIFY(row["updates"].toInt() >= 3);  // 30 s of video, T_update 5 s, phases of 1 s
      QVERIFY(row["samples"].toInt() > 0);
      QVERIFY(row["weights_in_sync"].toBool());
      QCOMPARE(row["rejected_updates"].toInt(), 0);
      QVERIFY(row["uplink_kbps"].toDouble() > 0.0);
      QVERIFY(row["staleness_s_mean"].toDouble() >= 1.0);  // at least the fixed phase time
      const double f1 = row["F1_teacher"].toDouble();
      QVERIFY(f1 >= 0.0 && f1 <= 1.0);
    }
    QCOMPARE(ams["fraction"].toDouble(), 0.05);
    QCOMPARE(full["fraction"].toDouble(), 1.0);
    QVERIFY(ams["bits_per_streamed_param"].toDouble() <= 23.0);
    QVERIFY(ams["downlink_kbps"].toDouble() * 8.0 < full["downlink_kbps"].toDouble());
  }

  void groundTruthNeverReachesTraining() {
    const Run a = cli(common(withGt_, "ams"));
    const Run b = cli(common(withoutGt_, "ams"));
    QVERIFY2(a.code == 0, qPrintable(a.err));
    QVERIFY2(b.code == 0, qPrintable(b.err));
    const QJsonObject withGt = rowOf(QJsonDocument::fromJson(a.out.toUtf8()).object(), "ams");
    const QJsonObject withoutGt = rowOf(QJsonDocument::fromJson(b.out.toUtf8()).object(), "ams");
    QVERIFY(!withGt["MOTA"].isNull());
    QVERIFY(withoutGt["MOTA"].isNull());
    for (const char* key : {"F1_teacher", "updates", "update_bytes_mean", "downlink_kbps", "uplink_kbps", "samples"})
      QCOMPARE(withoutGt[key].toDouble(), withGt[key].toDouble());
  }

  void badOptionsNameTheOption() {
    const Run r = cli(common(withGt_, "none,bogus"));
    QVERIFY(r.code != 0);
    QVERIFY2(r.err.contains("bogus"), qPrintable(r.err));
    const Run t = cli(common(withGt_, "ams") << "--time"
                                             << "sometimes");
    QVERIFY(t.code != 0);
    QVERIFY2(t.err.contains("--time"), qPrintable(t.err));
  }
};

QTEST_GUILESS_MAIN(TestAmsBenchCli)
#include "TestAmsBenchCli.moc"
