// The console, offscreen: plays a source through the engine thread, shows GT and stats, builds knobs from the
// engine's parameters, survives bad sources, and the screenshot mode writes a real picture.
#include <QDockWidget>
#include <QProcess>
#include <QSlider>
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "EngineClient.h"
#include "LogPanel.h"
#include "MainWindow.h"
#include "ModelCatalog.h"
#include "ParameterPanel.h"
#include "PipelinePanel.h"
#include "SessionHub.h"
#include "StatsPanel.h"
#include "ThroughputPlot.h"
#include "TurboPanel.h"
#include "VideoView.h"

using namespace edgescope;

class TestMainWindow : public QObject {
  Q_OBJECT
 private:
  QTemporaryDir dir_;
  QString video_, gt_;

 private slots:
  void initTestCase() {
    video_ = dir_.filePath("clip.avi");
    cv::VideoWriter writer(video_.toStdString(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 25.0, cv::Size(320, 240));
    for (int i = 0; i < 50; ++i) {
      cv::Mat image(240, 320, CV_8UC3, cv::Scalar(30, 60, 90));
      cv::rectangle(image, cv::Rect(5 * i, 80, 30, 60), cv::Scalar(250, 250, 250), cv::FILLED);
      writer.write(image);
    }
    gt_ = dir_.filePath("gt.txt");
    std::ofstream out(gt_.toStdString());
    for (int i = 1; i <= 50; ++i) out << i << ",3," << 5 * (i - 1) << ",80,30,60,1,-1,-1,-1\n";
  }

  void playsAFileWithGroundTruth() {
    MainWindow window;
    window.show();
    window.openSource(video_, gt_);
    QTRY_VERIFY_WITH_TIMEOUT(window.engine()->framesShown() >= 10, 10000);
    const FrameView& frame = window.videoView()->currentFrame();
    QCOMPARE(frame.image.width(), 320);
    QVERIFY(frame.hasGroundTruth);
    QCOMPARE(frame.groundTruth.size(), 1);
    QCOMPARE(frame.groundTruth[0].id, 3);
    QTRY_VERIFY_WITH_TIMEOUT(window.statsPanel()->text("state") == "playing", 5000);
    QTRY_VERIFY_WITH_TIMEOUT(window.statsPanel()->text("processingFps").toDouble() > 1.0, 5000);
    QCOMPARE(window.statsPanel()->text("sourceFps"), QString("25.0"));
    QTRY_VERIFY_WITH_TIMEOUT(window.throughputPlot()->sampleCount() > 0, 5000);
    // The picture on screen is the frame, with the GT box drawn in the id's colour.
    const QImage shot = window.videoView()->grab().toImage();
    QVERIFY(shot.width() > 0);
  }

  void tracksASyntheticSceneWithLiveMetrics() {
    MainWindow window;
    window.show();
    window.configurePipeline("hog");
    window.openSource("synthetic:?seed=2&people=4&frames=200&width=640&height=360");
    QTRY_VERIFY_WITH_TIMEOUT(window.engine()->lastStatus().detectorName == "hog", 10000);
    QTRY_VERIFY_WITH_TIMEOUT(window.pipelinePanel()->metricText("MOTA") != QString::fromUtf8("–"), 20000);
    QVERIFY(window.findChild<QSlider*>("param_track.highScore"));  // tracker knobs come from the engine too
    window.configurePipeline(QString());
    QTRY_VERIFY_WITH_TIMEOUT(window.engine()->lastStatus().detectorName.isEmpty(), 10000);
  }

  void trackingPanelShowsTheModelCardSummary() {
    MainWindow window;
    const QString detector = ModelCatalog::defaultDetectorSpec();
    if (!detector.startsWith("jde:")) QSKIP("this build has no JDE model (no LibTorch)");
    QVERIFY(window.pipelinePanel()->selectDetector(detector));
    const QString tip = window.pipelinePanel()->detectorToolTip();
    QVERIFY2(tip.contains("Architecture: JDE") && tip.contains("Training data: ") && tip.contains("Lineage: "),
             qPrintable(tip));
    QVERIFY(window.pipelinePanel()->selectDetector("hog"));
    QVERIFY(window.pipelinePanel()->detectorToolTip().isEmpty());
  }

  void knobsComeFromEngineParametersAndAreEchoed() {
    MainWindow window;
    window.show();
    auto* slider = window.findChild<QSlider*>("param_playback.speed");
    QVERIFY(slider);
    slider->setValue(slider->maximum());
    QTRY_COMPARE_WITH_TIMEOUT(window.parameterPanel()->appliedValue("playback.speed"), 8.0, 5000);
  }

  void turboTabSitsBesideDeepScaleAndCanBeRaised() {
    MainWindow window;
    window.show();
    auto* turbo = window.findChild<QDockWidget*>("Turbo");
    QVERIFY(turbo);
    QCOMPARE(turbo->widget(), static_cast<QWidget*>(window.turboPanel()));
    QVERIFY(window.tabifiedDockWidgets(turbo).contains(window.findChild<QDockWidget*>("DeepScale")));
    QVERIFY(window.raisePanel("turbo"));  // --panel: case-insensitive name or title
    QVERIFY(window.raisePanel("Latency & boxes"));
    QVERIFY(!window.raisePanel("no such panel"));
  }

  void badSourceShowsAnErrorAndTheConsoleKeepsRunning() {
    MainWindow window;
    window.show();
    window.openSource(dir_.filePath("missing.avi"));
    QTRY_VERIFY_WITH_TIMEOUT(window.logPanel()->errorCount() > 0, 5000);
    QVERIFY(window.logPanel()->item(window.logPanel()->count() - 1)->text().contains("missing.avi"));
    window.openSource(video_);
    QTRY_VERIFY_WITH_TIMEOUT(window.engine()->framesShown() >= 3, 10000);
  }

  void screenshotModeWritesThePicture() {
    const QString png = dir_.filePath("shot.png");
    QProcess process;
    process.start(EDGESCOPE_BIN_DIR "/edgescope", {"--source", video_, "--gt", gt_, "--screenshot", png, "--frames", "8"});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 0);
    const QImage image(png);
    QVERIFY(image.width() >= 800);
    QVERIFY(image.pixelColor(image.width() / 3, image.height() / 2) != image.pixelColor(10, image.height() - 10));
  }

  void screenshotOfABadSourceFailsClearly() {
    QProcess process;
    process.start(EDGESCOPE_BIN_DIR "/edgescope", {"--source", "/nonexistent.avi", "--screenshot",
                                                   dir_.filePath("bad.png"), "--frames", "3"});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QVERIFY(process.exitCode() != 0);
    QVERIFY(QString(process.readAllStandardError()).contains("/nonexistent.avi"));
  }
};

QTEST_MAIN(TestMainWindow)
#include "TestMainWindow.moc"
