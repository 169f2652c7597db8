// The playlist: source — continuous frame numbers and GT across segments, resizing, deterministic gain/noise/blur,
// exact seeking, relative paths, and errors that name the playlist file and line.
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "SourceTestUtil.h"
#include "source/PlaylistSource.h"
#include "source/SourceFactory.h"
#include "synthetic/SyntheticSource.h"
#include "util/Error.h"

using namespace edgescope;

namespace {

const char* const kSceneA = "synthetic:?seed=3&people=6&frames=10&width=160&height=120";
const char* const kSceneB = "synthetic:?seed=4&people=6&frames=8&width=160&height=120";

/// Writes @p text to @p name in @p dir and returns its path.
std::string writeFile(const QTemporaryDir& dir, const char* name, const std::string& text) {
  const std::string path = dir.filePath(name).toStdString();
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::vector<SourceFrame> readAll(VideoSource& source) {
  std::vector<SourceFrame> frames;
  SourceFrame frame;
  while (source.read(frame, 0) == ReadStatus::Frame) frames.push_back(frame);
  return frames;
}

bool sameImage(const cv::Mat& a, const cv::Mat& b) {
  return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0.0;
}

/// True when @p rows are @p expected renumbered to @p frame, ids offset by @p idOffset, boxes scaled by @p scale.
bool sameRows(const std::vector<MotRow>& rows, const std::vector<MotRow>& expected, std::int64_t frame, int idOffset,
              float scale = 1.0f) {
  if (rows.size() != expected.size()) return false;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const MotRow& r = rows[i];
    const MotRow& e = expected[i];
    if (r.frame != frame || r.id != e.id + idOffset || r.visibility != e.visibility) return false;
    if (std::abs(r.box.x - e.box.x * scale) > 1e-3f || std::abs(r.box.height - e.box.height * scale) > 1e-3f)
      return false;
  }
  return true;
}

/// The message of the Error PlaylistSource(@p path) throws, or an empty string when it opens.
QString openError(const std::string& path) {
  try {
    PlaylistSource source(path);
  } catch (const Error& e) {
    return e.what();
  }
  return {};
}

/// Mean absolute Laplacian of @p image: high-frequency content, lowered by blur and raised by noise.
double sharpness(const cv::Mat& image) {
  cv::Mat gray, laplacian;
  cv::cvtColor(image, gray, cv::COLOR_BGR2GRAY);
  cv::Laplacian(gray, laplacian, CV_32F);
  return cv::mean(cv::abs(laplacian))[0];
}

}  // namespace

class TestPlaylistSource : public QObject {
  Q_OBJECT
 private slots:
  void framesAndGroundTruthAreContinuous() {
    QTemporaryDir dir;
    const std::string path =
        writeFile(dir, "two.playlist",
                  "# two scenes\n\n" + std::string(kSceneA) + " frames=3:6  # four frames\n" + kSceneB + "\n");
    std::unique_ptr<VideoSource> source = SourceFactory::open("playlist:" + path);
    const SourceInfo& info = source->info();
    QCOMPARE(QString::fromStdString(info.kind), QString("playlist"));
    QVERIFY(info.width == 160 && info.height == 120 && info.fps == 25.0 && info.frameCount == 12);
    QVERIFY(info.hasGroundTruth && info.seekable && !info.live);
    const std::vector<SourceFrame> frames = readAll(*source);
    QCOMPARE(static_cast<int>(frames.size()), 12);
    SyntheticSource a(kSceneA), b(kSceneB);
    const std::vector<SourceFrame> framesA = readAll(a), framesB = readAll(b);
    int rows = 0;
    for (int i = 0; i < 12; ++i) {
      const SourceFrame& f = frames[i];
      QCOMPARE(f.frame.number, static_cast<std::int64_t>(i + 1));
      QCOMPARE(f.frame.captureTimeMs, i * 40.0);
      const SourceFrame& expected = i < 4 ? framesA[i + 2] : framesB[i - 4];
      QVERIFY(sameImage(f.frame.image, expected.frame.image));
      QVERIFY2(sameRows(f.groundTruth, expected.groundTruth, i + 1, i < 4 ? 0 : PlaylistSource::kIdStride),
               qPrintable(QString("frame %1").arg(i + 1)));
      rows += static_cast<int>(f.groundTruth.size());
    }
    QVERIFY(rows > 0);
    SourceFrame end;
    QCOMPARE(source->read(end, 0), ReadStatus::EndOfStream);
  }

  void resizesToTheFirstSegment() {
    QTemporaryDir dir;
    const char* big = "synthetic:?seed=4&people=6&frames=8&width=320&height=240";
    const std::string path = writeFile(dir, "sizes.playlist", std::string(kSceneA) + "\n" + big + " frames=2:3\n");
    PlaylistSource source(path);
    QCOMPARE(source.info().frameCount, static_cast<std::int64_t>(12));
    QVERIFY(source.seek(11));
    SourceFrame frame;
    QCOMPARE(source.read(frame, 0), ReadStatus::Frame);
    QVERIFY(frame.frame.image.cols == 160 && frame.frame.image.rows == 120);
    SyntheticSource b(big);
    QVERIFY(sameRows(frame.groundTruth, b.groundTruthFor(2), 11, PlaylistSource::kIdStride, 0.5f));
  }

  void photometricOptionsChangePixelsDeterministically() {
    QTemporaryDir dir;
    const std::string scene = kSceneB;
    const std::string path = writeFile(dir, "looks.playlist",
                                       scene + "\n" + scene + " gain=0.25\n" + scene + " noise=8\n" + scene +
                                           " blur=2.5\n" + scene + ",gain=0.5,noise=4,blur=1\n");
    const std::vector<SourceFrame> first = readAll(*SourceFactory::open("playlist:" + path));
    const std::vector<SourceFrame> again = readAll(*SourceFactory::open("playlist:" + path));
    QCOMPARE(static_cast<int>(first.size()), 40);
    QCOMPARE(static_cast<int>(again.size()), 40);
    for (int i = 0; i < 40; ++i) QVERIFY(sameImage(first[i].frame.image, again[i].frame.image));
    const cv::Mat& plain = first[0].frame.image;
    const cv::Mat& dark = first[8].frame.image;
    const cv::Mat& noisy = first[16].frame.image;
    const cv::Mat& blurred = first[24].frame.image;
    QVERIFY(!sameImage(plain, dark) && !sameImage(plain, noisy) && !sameImage(plain, blurred));
    QVERIFY(!sameImage(plain, first[32].frame.image));
    // Linear-light gain 0.25: sRGB mid-grey 128 → ~72, so the mean drops by well over a third.
    QVERIFY(cv::mean(dark)[1] < 0.7 * cv::mean(plain)[1]);
    QVERIFY(sharpness(noisy) > 1.5 * sharpness(plain));
    QVERIFY(sharpness(blurred) < 0.7 * sharpness(plain));
    // Noise differs from frame to frame, and the GT is untouched by the filters.
    cv::Mat noiseOnly1, noiseOnly2;
    cv::absdiff(first[16].frame.image, first[1].frame.image, noiseOnly1);
    cv::absdiff(first[17].frame.image, first[2].frame.image, noiseOnly2);
    QVERIFY(!sameImage(noiseOnly1, noiseOnly2));
    QVERIFY(sameRows(first[16].groundTruth, first[0].groundTruth, 17, 2 * PlaylistSource::kIdStride));
  }

  void seeksExactlyIntoSyntheticAndFileSegments() {
    QTemporaryDir dir;
    writeSquareClip(dir.filePath("clip.avi").toStdString(), 12);
    writeFile(dir, "clip_gt.txt", "3,1,10,20,30,40,1,1,1\n4,1,11,20,30,40,1,1,1\n9,2,5,5,10,10,1,1,0.5\n");
    const std::string path =
        writeFile(dir, "mixed.playlist", "clip.avi frames=3:9 gt=clip_gt.txt\n\"" + std::string(kSceneA) + "\"\n");
    PlaylistSource source(path);
    QCOMPARE(source.info().frameCount, static_cast<std::int64_t>(17));
    QCOMPARE(source.segmentStart(1), static_cast<std::int64_t>(8));
    QCOMPARE(source.info().width, 160);
    const std::vector<SourceFrame> frames = readAll(source);
    QCOMPARE(static_cast<int>(frames.size()), 17);
    QCOMPARE(static_cast<int>(frames[0].groundTruth.size()), 1);  // the clip's frame 3 is playlist frame 1
    QVERIFY(frames[0].groundTruth[0].frame == 1 && frames[0].groundTruth[0].box.x == 10.0f);
    QVERIFY(frames[1].groundTruth[0].frame == 2 && frames[1].groundTruth[0].box.x == 11.0f);
    QVERIFY(frames[6].groundTruth[0].id == 2 && frames[6].groundTruth[0].frame == 7);
    for (std::int64_t n : {5, 1, 12, 8, 17}) {
      QVERIFY(source.seek(n));
      SourceFrame frame;
      QCOMPARE(source.read(frame, 0), ReadStatus::Frame);
      QCOMPARE(frame.frame.number, n);
      QVERIFY(sameImage(frame.frame.image, frames[n - 1].frame.image));
      QVERIFY(sameRows(frame.groundTruth, frames[n - 1].groundTruth, n, 0));
    }
    QVERIFY(!source.seek(18));
    QVERIFY(!source.seek(0));
  }

  void playlistGroundTruthReplacesTheSegments() {
    QTemporaryDir dir;
    const std::string path = writeFile(dir, "gt.playlist", std::string(kSceneA) + "\n" + kSceneB + "\n");
    const std::string gt = writeFile(dir, "all.txt", "12,7,1,2,3,4,1,1,1\n");
    std::unique_ptr<VideoSource> source = SourceFactory::open("playlist:" + path, gt);
    const std::vector<SourceFrame> frames = readAll(*source);
    QCOMPARE(static_cast<int>(frames.size()), 18);
    QVERIFY(frames[0].groundTruth.empty());
    QVERIFY(frames[11].groundTruth.size() == 1 && frames[11].groundTruth[0].id == 7);
  }

  void errorsNameTheFileAndLine() {
    QTemporaryDir dir;
    const std::string scene = kSceneA;
    QVERIFY(openError(dir.filePath("none.playlist").toStdString()).contains("none.playlist"));
    QVERIFY(openError(writeFile(dir, "empty.playlist", "# nothing\n\n")).contains("has no segment"));
    const std::string unknownKey = writeFile(dir, "key.playlist", "# c\n" + scene + " gamma=2\n");
    QVERIFY2(openError(unknownKey).contains("key.playlist:2: field 'gamma': unknown key"),
             qPrintable(openError(unknownKey)));
    QVERIFY(openError(writeFile(dir, "num.playlist", scene + "\n" + scene + " noise=lots\n"))
                .contains("num.playlist:2: field 'noise': 'lots' is not a number"));
    QVERIFY(
        openError(writeFile(dir, "range.playlist", scene + " gain=0\n")).contains("range.playlist:1: field 'gain'"));
    QVERIFY(openError(writeFile(dir, "frames.playlist", scene + " frames=9:2\n"))
                .contains("frames.playlist:1: field 'frames'"));
    QVERIFY(openError(writeFile(dir, "twice.playlist", scene + " blur=1 blur=2\n")).contains("'blur': given twice"));
    QVERIFY(
        openError(writeFile(dir, "quote.playlist", "\"" + scene + "\n")).contains("quote.playlist:1: unterminated"));
    QVERIFY(openError(writeFile(dir, "after.playlist", scene + " frames=11:\n"))
                .contains("after.playlist:1: field 'frames': starts at frame 11, after the last (10)"));
    const QString missing = openError(writeFile(dir, "missing.playlist", scene + "\n\nnope.avi\n"));
    QVERIFY2(missing.contains("missing.playlist:3: cannot open segment '" + dir.path() + "/nope.avi'") &&
                 missing.contains("cannot open video"),
             qPrintable(missing));
    QVERIFY(openError(writeFile(dir, "badscene.playlist", "synthetic:?seed=1&colour=red\n"))
                .contains("unknown option 'colour'"));
    QVERIFY(openError(writeFile(dir, "nested.playlist", "playlist:other\n")).contains("cannot be nested"));
    QVERIFY(openError(writeFile(dir, "live.playlist", "camera:0\n")).contains("live.playlist:1: field 'uri'"));
    writeSquareClip(dir.filePath("clip.avi").toStdString(), 4);
    QVERIFY(openError(writeFile(dir, "mix.playlist", scene + "\nclip.avi\n"))
                .contains("mix.playlist:2: field 'gt': segment '" + dir.path() + "/clip.avi' has no ground truth"));
    QCOMPARE(openError(writeFile(dir, "bom.playlist", "\xEF\xBB\xBF" + scene + "\r\n")), QString());
    QCOMPARE(sourceOpenError("playlist:" + writeFile(dir, "ok.playlist", scene + "\n")), QString());
  }
};

QTEST_GUILESS_MAIN(TestPlaylistSource)
#include "TestPlaylistSource.moc"
