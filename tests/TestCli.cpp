// edgescope-cli as users run it: probe prints JSON, synth writes a MOT folder that probe reads back, and bad input
// gives a non-zero exit with a message naming what was wrong.
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>

class TestCli : public QObject {
  Q_OBJECT
 private:
  struct Result {
    int code;
    QString out, err;
  };
  static Result run(const QStringList& args) {
    QProcess process;
    process.start(EDGESCOPE_BIN_DIR "/edgescope-cli", args);
    process.waitForFinished(120000);
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
  }
  QTemporaryDir dir_;

 private slots:
  void synthWritesAMotFolderThatProbeReads() {
    const QString out = dir_.filePath("seq");
    const auto synth = run({"synth", "--out", out, "--seed", "5", "--frames", "12", "--people", "4"});
    QVERIFY2(synth.code == 0, qPrintable(synth.err));
    QVERIFY(QFile::exists(out + "/img1/000012.jpg"));
    QVERIFY(QFile::exists(out + "/gt/gt.txt"));
    const auto probe = run({"probe", "--source", "mot:" + out});
    QVERIFY2(probe.code == 0, qPrintable(probe.err));
    const QJsonObject json = QJsonDocument::fromJson(probe.out.toUtf8()).object();
    QCOMPARE(json["kind"].toString(), QString("mot"));
    QCOMPARE(json["frames"].toInt(), 12);
    QCOMPARE(json["width"].toInt(), 960);
    QVERIFY(json["has_gt"].toBool());
    QVERIFY(json["gt"].toObject()["rows"].toInt() > 0);
  }
  void probeSyntheticAndVideo() {
    const auto probe = run({"probe", "--source", "synthetic:?seed=2&frames=50&width=320&height=240"});
    QVERIFY2(probe.code == 0, qPrintable(probe.err));
    const QJsonObject json = QJsonDocument::fromJson(probe.out.toUtf8()).object();
    QCOMPARE(json["width"].toInt(), 320);
    QCOMPARE(json["frames"].toInt(), 50);
    QCOMPARE(json["live"].toBool(), false);
  }
  void badInputFailsWithAClearMessage() {
    std::ofstream(dir_.filePath("empty.mp4").toStdString()).close();
    QTemporaryDir noImg;
    std::ofstream(noImg.filePath("seqinfo.ini").toStdString()) << "[Sequence]\nframeRate=7\nseqLength=3\nimWidth=8\nimHeight=8\n";
    QTemporaryDir garbageIni;
    QDir(garbageIni.path()).mkpath("img1");
    std::ofstream(garbageIni.filePath("seqinfo.ini").toStdString()) << "\x7f" "ELF garbage\n";
    const struct {
      QStringList args;
      QString mustMention;
    } cases[] = {
        {{"probe", "--source", "/nonexistent/video.avi"}, "/nonexistent/video.avi"},
        {{"probe", "--source", dir_.filePath("empty.mp4")}, "empty"},
        {{"probe", "--source", "mot:" + noImg.path()}, "img1"},
        {{"probe", "--source", "mot:" + garbageIni.path()}, "seqinfo.ini"},
        {{"probe", "--source", "synthetic:?people=lots"}, "people"},
        {{"probe"}, "--source"},
        {{"probe", "--bogus", "1"}, "--bogus"},
        {{"synth", "--out", dir_.filePath("x")}, "--frames"},
        {{"frobnicate"}, "frobnicate"},
    };
    for (const auto& c : cases) {
      const auto r = run(c.args);
      QVERIFY2(r.code > 0, qPrintable(c.args.join(' ')));
      QVERIFY2(r.err.contains(c.mustMention), qPrintable(c.args.join(' ') + " -> " + r.err));
    }
  }
};

QTEST_GUILESS_MAIN(TestCli)
#include "TestCli.moc"
