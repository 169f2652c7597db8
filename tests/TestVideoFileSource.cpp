// Video files: a video the test writes itself, seeking, GT sidecar, and the bad files users hand us.
#include <QTemporaryDir>
#include <QtTest>

#include "SourceTestUtil.h"
#include "TestPrinters.h"
#include <fstream>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "source/SourceFactory.h"
#include "util/Error.h"

using namespace edgescope;

namespace {

/// Writes an MJPG AVI of @p frames 160×120 frames; frame i shows a bright square at x = 4·i.
std::string writeVideo(const QTemporaryDir& dir, int frames) {
  const std::string path = dir.filePath("clip.avi").toStdString();
  cv::VideoWriter writer(path, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 12.0, cv::Size(160, 120));
  for (int i = 0; i < frames; ++i) {
    cv::Mat image(120, 160, CV_8UC3, cv::Scalar(40, 40, 40));
    cv::rectangle(image, cv::Rect(4 * i, 40, 20, 20), cv::Scalar(255, 255, 255), cv::FILLED);
    writer.write(image);
  }
  return path;
}

/// Column of the square's centre in @p image.
int squareX(const cv::Mat& image) {
  cv::Mat gray;
  cv::cvtColor(image, gray, cv::COLOR_BGR2GRAY);
  const cv::Moments m = cv::moments(gray > 128, true);
  return m.m00 > 0 ? static_cast<int>(m.m10 / m.m00) : -1;
}


}  // namespace

class TestVideoFileSource : public QObject {
  Q_OBJECT
 private slots:
  void readsEveryFrameInOrderAndSeeks() {
    QTemporaryDir dir;
    const auto path = writeVideo(dir, 20);
    auto source = SourceFactory::open(path);
    QCOMPARE(source->info().kind, std::string("file"));
    QCOMPARE(source->info().width, 160);
    QCOMPARE(source->info().frameCount, std::int64_t(20));
    QVERIFY(qAbs(source->info().fps - 12.0) < 0.01);
    SourceFrame frame;
    int count = 0;
    while (source->read(frame, 0) == ReadStatus::Frame) {
      ++count;
      QCOMPARE(frame.frame.number, std::int64_t(count));
      QVERIFY(qAbs(squareX(frame.frame.image) - (4 * (count - 1) + 10)) <= 1);
    }
    QCOMPARE(count, 20);
    QVERIFY(source->seek(11));
    QCOMPARE(source->read(frame, 0), ReadStatus::Frame);
    QCOMPARE(frame.frame.number, std::int64_t(11));
    QVERIFY(qAbs(squareX(frame.frame.image) - 50) <= 1);
    QVERIFY(!source->seek(0));
  }
  void groundTruthSidecarIsAttached() {
    QTemporaryDir dir;
    const auto path = writeVideo(dir, 5);
    std::ofstream(dir.filePath("gt.txt").toStdString()) << "2,7,10,10,20,40,1,-1,-1,-1\n";
    auto source = SourceFactory::open(path, dir.filePath("gt.txt").toStdString());
    SourceFrame frame;
    source->read(frame, 0);
    QVERIFY(frame.groundTruth.empty());
    source->read(frame, 0);
    QCOMPARE(frame.groundTruth.size(), size_t(1));
    QCOMPARE(frame.groundTruth[0].id, 7);
  }
  void badFilesGiveClearErrors() {
    QTemporaryDir dir;
    QVERIFY(sourceOpenError("/nonexistent/video.mp4").contains("/nonexistent/video.mp4"));
    std::ofstream(dir.filePath("empty.avi").toStdString()).close();
    QVERIFY(sourceOpenError(dir.filePath("empty.avi").toStdString()).contains("empty"));
    std::ofstream(dir.filePath("garbage.mp4").toStdString()) << std::string(4096, 'x');
    QVERIFY(!sourceOpenError(dir.filePath("garbage.mp4").toStdString()).isEmpty());
    QVERIFY(sourceOpenError(dir.path().toStdString()).contains("not a regular file"));
  }
  void truncatedVideoEndsEarlyWithoutCrashing() {
    QTemporaryDir dir;
    const auto path = writeVideo(dir, 30);
    std::ifstream in(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string cut = dir.filePath("cut.avi").toStdString();
    std::ofstream(cut, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    std::unique_ptr<VideoSource> source;
    try {
      source = SourceFactory::open(cut);
    } catch (const Error& e) {
      QVERIFY(QString(e.what()).contains("cut.avi"));  // refusing the file is fine too, if it says which
      return;
    }
    SourceFrame frame;
    int count = 0;
    while (source->read(frame, 0) == ReadStatus::Frame) ++count;
    QVERIFY(count > 0);
    QVERIFY(count < 30);
  }
  void sampleVideoOpensWhenInstalled() {
    const char* path = EDGESCOPE_DATA_DIR "/vtest.avi";
    if (!QFile::exists(path)) QSKIP("vtest.avi not in the build's data folder (scripts/setup puts it there)");
    auto source = SourceFactory::open(path);
    QCOMPARE(source->info().width, 768);
    QCOMPARE(source->info().height, 576);
    QCOMPARE(source->info().frameCount, std::int64_t(795));
  }
};

QTEST_APPLESS_MAIN(TestVideoFileSource)
#include "TestVideoFileSource.moc"
