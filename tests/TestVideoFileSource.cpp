// Video files: a video the test writes itself, seeking, GT sidecar, and the bad files users hand us.
#include <QTemporaryDir>
#include <QtTest>

#include "SourceTestUtil.h"
#include "TestPrinters.h"
#include <fstream>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "source/SourceFactory.h"
#include "source/VideoFileSource.h"
#include "util/Error.h"

using namespace edgescope;

namespace {

/// Writes the test clip (SourceTestUtil.h) of @p frames frames into @p dir.
std::string writeVideo(const QTemporaryDir& dir, int frames) {
  const std::string path = dir.filePath("clip.avi").toStdString();
  writeSquareClip(path, frames);
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
  void truncatedVideoKeepsEveryDecodedFrameAndSaysItEndedEarly() {
    QTemporaryDir dir;
    const auto path = writeVideo(dir, 30);
    const std::string cut = dir.filePath("cut.avi").toStdString();
    const int wholeFrames = writeTruncatedCopy(path, cut);
    QVERIFY(wholeFrames > 3 && wholeFrames < 25);
    auto source = SourceFactory::open(cut);
    QCOMPARE(source->info().frameCount, std::int64_t(30));  // the AVI header still declares every frame
    SourceFrame frame;
    int count = 0;
    while (source->read(frame, 0) == ReadStatus::Frame) {
      ++count;
      QCOMPARE(frame.frame.number, std::int64_t(count));
      // FFmpeg may also hand out the partial frame after the whole ones, with its lower rows missing.
      if (count <= wholeFrames) QVERIFY(qAbs(squareX(frame.frame.image) - (4 * (count - 1) + 10)) <= 1);
    }
    QVERIFY2(count >= wholeFrames && count <= wholeFrames + 1, qPrintable(QString::number(count)));
    auto* file = dynamic_cast<VideoFileSource*>(source.get());
    QVERIFY(file != nullptr);
    QVERIFY(file->endedEarly());
    QCOMPARE(source->health().state, SourceState::EndOfStream);
    const QString expected = QString("video 'cut.avi' ended at frame %1, before the 30 frames its container declares")
                                 .arg(count);
    QVERIFY2(QString::fromStdString(source->health().lastError).startsWith(expected),
             source->health().lastError.c_str());
    QVERIFY(source->seek(1));  // reading again from the start forgets the early end until it happens again
    QVERIFY(!file->endedEarly());
    QVERIFY(source->health().lastError.empty());
  }
  void wholeVideoDoesNotWarn() {
    QTemporaryDir dir;
    auto source = SourceFactory::open(writeVideo(dir, 12));
    SourceFrame frame;
    while (source->read(frame, 0) == ReadStatus::Frame) {
    }
    QCOMPARE(frame.frame.number, std::int64_t(12));
    QVERIFY(!dynamic_cast<VideoFileSource&>(*source).endedEarly());
    QVERIFY(source->health().lastError.empty());
  }
  void onlyAShortfallBeyondTheEstimateIsAnEarlyEnd() {
    QVERIFY(!VideoFileSource::isShortOfDeclared(30, 30));
    QVERIFY(!VideoFileSource::isShortOfDeclared(28, 30));  // duration × fps estimates are a frame or two off
    QVERIFY(VideoFileSource::isShortOfDeclared(27, 30));
    QVERIFY(!VideoFileSource::isShortOfDeclared(9900, 10000));  // long variable-rate files: within 1 %
    QVERIFY(VideoFileSource::isShortOfDeclared(9899, 10000));
    QVERIFY(!VideoFileSource::isShortOfDeclared(5, -1));  // no declared count
    QVERIFY(!VideoFileSource::isShortOfDeclared(40, 30));
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
