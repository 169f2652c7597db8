// Session recording and reports from the console: "Run evaluation" runs a labelled sequence to its end unpaced while
// recording, and the exported JSON/CSV/HTML/PDF carry the numbers the engine showed; recording can be toggled and
// cancelled evaluations leave a readable session.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "MainWindow.h"
#include "ModelCatalog.h"
#include "SessionActions.h"
#include "SessionHub.h"
#include "record/SessionReader.h"

using namespace edgescope;

namespace {
constexpr int kFrames = 80;
const QString kScene = QStringLiteral("synthetic:?seed=3&people=6&frames=%1&width=640&height=480").arg(kFrames);
}  // namespace

class TestSessionActions : public QObject {
  Q_OBJECT
 private:
  QTemporaryDir dir_;

 private slots:
  void initTestCase() {
    QCoreApplication::setOrganizationName("EdgeScopeTests");
    QCoreApplication::setApplicationName("TestSessionActions");
    qputenv("EDGESCOPE_SESSIONS_DIR", dir_.filePath("sessions").toUtf8());
  }

  void evaluationRecordsAndExportsTheEngineNumbers() {
    MainWindow window;
    window.show();
    window.sessionActions()->setOfferReport(false);
    window.openSource(kScene);
    // The project's JDE model when this build has one (it finds the synthetic people), else HOG.
    const QString detector = ModelCatalog::defaultDetectorSpec();
    window.configurePipeline(detector);
    QTRY_VERIFY_WITH_TIMEOUT(!window.engine()->lastStatus().detectorName.isEmpty(), 20000);
    QSignalSpy finished(window.sessionActions(), &SessionActions::evaluationFinished);
    window.sessionActions()->runEvaluation();
    QVERIFY(window.sessionActions()->evaluating());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 180000);  // generous: a loaded CI machine
    QVERIFY(finished[0][0].toBool());
    const QString folder = finished[0][1].toString();
    QVERIFY(folder.startsWith(dir_.filePath("sessions")));
    // The engine restored the operator's pacing after the run.
    QTRY_COMPARE_WITH_TIMEOUT(window.engine()->lastStatus().parameters.value("playback.paced"), 1.0, 5000);
    const StatusView status = window.engine()->lastStatus();
    QVERIFY(status.hasMetrics);
    QTRY_VERIFY_WITH_TIMEOUT(!window.engine()->lastStatus().recording, 5000);

    const QString json = dir_.filePath("report.json");
    QCOMPARE(SessionActions::exportSession(folder, json), QString());
    QFile file(json);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject report = QJsonDocument::fromJson(file.readAll()).object();
    QCOMPARE(report["frames"].toArray().size(), kFrames);
    const QJsonObject metrics = report["summary"].toObject()["final_metrics"].toObject();
    QCOMPARE(metrics["MOTA"].toDouble(), status.metrics.value("MOTA"));
    QCOMPARE(metrics["IDF1"].toDouble(), status.metrics.value("IDF1"));
    QCOMPARE(metrics["HOTA"].toDouble(), status.metrics.value("HOTA"));
    QCOMPARE(metrics["fn"].toDouble(), status.metrics.value("FN"));
    QVERIFY(report["manifest"].toObject()["complete"].toBool());
    for (const QString ext : {"html", "pdf", "csv", "txt"}) {
      const QString out = dir_.filePath("report." + ext);
      QCOMPARE(SessionActions::exportSession(folder, out), QString());
      QVERIFY2(QFileInfo(out).exists() && (QFileInfo(out).size() > 100 || detector == "hog"), qPrintable(out));
    }
    QVERIFY(SessionActions::exportSession(folder, dir_.filePath("report.docx")).contains(".docx"));
    QVERIFY(SessionActions::exportSession(dir_.filePath("nothing"), json).contains("nothing"));
  }

  void recordingToggleAndCancel() {
    MainWindow window;
    window.show();
    window.sessionActions()->setOfferReport(false);
    window.openSource(kScene);
    window.configurePipeline("hog");
    QTRY_VERIFY_WITH_TIMEOUT(window.engine()->lastStatus().state == "playing", 10000);
    window.sessionActions()->setRecording(true);
    QTRY_VERIFY_WITH_TIMEOUT(window.engine()->lastStatus().recordedFrames >= 3, 10000);
    window.engine()->setParameter("track.highScore", 0.7);
    QTRY_COMPARE_WITH_TIMEOUT(window.engine()->lastStatus().parameters.value("track.highScore"), 0.7, 5000);
    window.sessionActions()->setRecording(false);
    QTRY_VERIFY_WITH_TIMEOUT(!window.engine()->lastStatus().recording, 5000);
    const SessionData data = SessionReader::read(window.sessionActions()->lastFolder().toStdString());
    QVERIFY(data.manifest.complete);
    QVERIFY(data.frames.size() >= 3);
    bool sawKnob = false;
    for (const auto& knob : data.knobs) sawKnob = sawKnob || (knob.id == "track.highScore" && qFuzzyCompare(knob.applied, 0.7));
    QVERIFY(sawKnob);

    // A cancelled evaluation still leaves a readable session up to where it stopped.
    QSignalSpy finished(window.sessionActions(), &SessionActions::evaluationFinished);
    window.engine()->setParameter("playback.speed", 0.5);  // slow enough to cancel midway
    window.sessionActions()->runEvaluation();
    window.engine()->setParameter("playback.paced", 1.0);
    QTRY_VERIFY_WITH_TIMEOUT(window.engine()->lastStatus().recordedFrames >= 2, 10000);
    window.sessionActions()->cancelEvaluation();
    QCOMPARE(finished.count(), 1);
    QVERIFY(!finished[0][0].toBool());
    QTRY_VERIFY_WITH_TIMEOUT(!window.engine()->lastStatus().recording, 5000);
    const SessionData partial = SessionReader::read(finished[0][1].toString().toStdString());
    QVERIFY(!partial.frames.empty());
    QVERIFY(static_cast<int>(partial.frames.size()) < kFrames);
  }

  void refusesWithoutGroundTruth() {
    MainWindow window;
    window.sessionActions()->setOfferReport(false);
    QSignalSpy finished(window.sessionActions(), &SessionActions::evaluationFinished);
    QTimer::singleShot(200, [] {
      for (QWidget* widget : QApplication::topLevelWidgets()) {
        if (widget->inherits("QMessageBox")) widget->close();
      }
    });
    window.sessionActions()->runEvaluation();  // no source: a message, no run
    QVERIFY(!window.sessionActions()->evaluating());
    QCOMPARE(finished.count(), 0);
  }
};

QTEST_MAIN(TestSessionActions)
#include "TestSessionActions.moc"
