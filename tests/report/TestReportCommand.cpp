// `edgescope-cli report` as users run it: a recorded folder becomes HTML/JSON reports with a one-line summary; a
// missing folder or a bad extension is a non-zero exit with a message naming it.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "../TestHelpers.h"
#include "ReportTestSession.h"

class TestReportCommand : public QObject {
  Q_OBJECT
 private:
  using Result = edgescope::testing::CliResult;
  static Result run(const QStringList& args) {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove("QT_QPA_PLATFORM");  // the command must default to offscreen by itself
    return edgescope::testing::runCli(args, env);
  }
  QTemporaryDir dir_;
  QString folder_;

 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    folder_ = dir_.filePath("session");
    reporttest::recordComplete(folder_);
  }

  void writesHtmlAndJson() {
    const QString html = dir_.filePath("out/report.html");
    QDir().mkpath(dir_.filePath("out"));
    const auto r = run({"report", "--session", folder_, "--out", html});
    if (r.code != 0 && r.err.contains("needs the console libraries")) QSKIP("edgescope-cli was built without the UI");
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(r.out.trimmed(), QString("wrote %1 (html, 60 frames, MOTA 65.4%)").arg(html));
    QFile file(html);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().startsWith("<!DOCTYPE html>"));

    const QString json = dir_.filePath("out/report.json");
    const auto j = run({"report", "--session", folder_, "--out", json});
    QVERIFY2(j.code == 0, qPrintable(j.err));
    QFile jsonFile(json);
    QVERIFY(jsonFile.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(jsonFile.readAll()).object()["frames"].toArray().size(), reporttest::kFrames);
  }

  void interruptedFolderWarns() {
    const QString folder = dir_.filePath("interrupted");
    reporttest::recordInterrupted(folder);
    const QString out = dir_.filePath("interrupted.csv");
    const auto r = run({"report", "--session", folder, "--out", out});
    if (r.code != 0 && r.err.contains("needs the console libraries")) QSKIP("edgescope-cli was built without the UI");
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("frames.csv"), qPrintable(r.err));  // the reader's warning about the unterminated line
    QVERIFY(r.out.contains("interrupted"));
    QVERIFY(QFile::exists(out));
  }

  void killedTrackRecordingStillExports() {
    // A headless recording whose process is killed mid-run is exportable up to its last flushed frame.
    const QString folder = dir_.filePath("killed");
    QProcess track;
    track.start(EDGESCOPE_BIN_DIR "/edgescope-cli",
                {"track", "--source", "synthetic:?seed=4&people=3&frames=5000&width=320&height=240", "--detector",
                 "hog", "--record", folder});
    QVERIFY(track.waitForStarted(10000));
    QFile frames(folder + "/frames.csv");
    QTRY_VERIFY_WITH_TIMEOUT(frames.exists() && frames.size() > 2000, 60000);
    track.kill();
    QVERIFY(track.waitForFinished(10000));
    const Result result = run({"report", "--session", folder, "--out", dir_.filePath("killed.json")});
    QCOMPARE(result.code, 0);
    QVERIFY2(result.out.contains("interrupted"), qPrintable(result.out));
    QFile json(dir_.filePath("killed.json"));
    QVERIFY(json.open(QIODevice::ReadOnly));
    const QJsonObject report = QJsonDocument::fromJson(json.readAll()).object();
    QVERIFY(!report["manifest"].toObject()["complete"].toBool());
    const int recorded = report["frames"].toArray().size();
    QVERIFY(recorded > 10);
    QVERIFY(recorded < 5000);
    QCOMPARE(report["frames"].toArray().last().toObject()["frame"].toInt(), recorded);  // 1..n, nothing torn
  }

  void missingFolderIsNamed() {
    const QString missing = dir_.filePath("no-such-session");
    const auto r = run({"report", "--session", missing, "--out", dir_.filePath("x.html")});
    QVERIFY(r.code != 0);
    QVERIFY2(r.err.contains(missing), qPrintable(r.err));
    QVERIFY(!QFile::exists(dir_.filePath("x.html")));
  }

  void badExtensionIsNamed() {
    const auto r = run({"report", "--session", folder_, "--out", dir_.filePath("x.doc")});
    QVERIFY(r.code != 0);
    QVERIFY2(r.err.contains(".doc"), qPrintable(r.err));
  }
};

QTEST_GUILESS_MAIN(TestReportCommand)
#include "TestReportCommand.moc"
