// The synthetic: source — determinism, exact seeking, ground-truth plausibility (ids, boxes, visibility, perspective,
// entries and exits) and option errors that name the key.
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <opencv2/core.hpp>

#include "core/Stopwatch.h"
#include "synthetic/SyntheticConfig.h"
#include "synthetic/SyntheticSource.h"
#include "util/Error.h"

using namespace edgescope;

namespace {

const char* const kSmall = "synthetic:?seed=5&people=10&frames=40&width=320&height=180";

std::vector<SourceFrame> readFrames(SyntheticSource& source, int count) {
  std::vector<SourceFrame> frames;
  for (int i = 0; i < count; ++i) {
    SourceFrame frame;
    if (source.read(frame, 0) != ReadStatus::Frame) break;
    frames.push_back(frame);
  }
  return frames;
}

bool sameImage(const cv::Mat& a, const cv::Mat& b) {
  return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0.0;
}

bool sameRows(const std::vector<MotRow>& a, const std::vector<MotRow>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const MotRow& r, const MotRow& s) {
    return r.frame == s.frame && r.id == s.id && r.box.x == s.box.x && r.box.y == s.box.y &&
           r.box.width == s.box.width && r.box.height == s.box.height && r.confidence == s.confidence &&
           r.classId == s.classId && r.visibility == s.visibility;
  });
}

bool boxesOverlap(const BoundingBox& a, const BoundingBox& b) { return a.intersectionArea(b) > 0.0f; }

/// GT rows of frames first … last (step) without rendering images.
std::vector<std::vector<MotRow>> groundTruthRange(const SyntheticSource& source, int first, int last, int step = 1) {
  std::vector<std::vector<MotRow>> frames;
  for (int n = first; n <= last; n += step) frames.push_back(source.groundTruthFor(n));
  return frames;
}

}  // namespace

class TestSyntheticSource : public QObject {
  Q_OBJECT
 private slots:
  void reportsInfo() {
    SyntheticSource source("synthetic:?seed=7&frames=12&width=160&height=120&fps=10");
    const SourceInfo& info = source.info();
    QCOMPARE(QString::fromStdString(info.kind), QString("synthetic"));
    QCOMPARE(QString::fromStdString(info.name), QString("synthetic seed 7"));
    QVERIFY(info.width == 160 && info.height == 120 && info.fps == 10.0 && info.frameCount == 12);
    QVERIFY(!info.live && info.seekable && info.hasGroundTruth);
    SourceFrame frame;
    QVERIFY(source.seek(4));
    QCOMPARE(source.read(frame, 0), ReadStatus::Frame);
    QVERIFY(frame.frame.number == 4 && frame.frame.captureTimeMs == 300.0 && frame.frame.sourceId == info.uri);
    QVERIFY(frame.frame.image.type() == CV_8UC3 && frame.frame.image.cols == 160 && frame.frame.image.rows == 120);
  }

  void parsesDefaultsAndWritesUris() {
    const SyntheticConfig defaults = SyntheticConfig::fromUri("synthetic:");
    QVERIFY(defaults.seed == 1 && defaults.people == 8 && defaults.frames == 600 && defaults.width == 960 &&
            defaults.height == 540 && defaults.fps == 25.0 && !defaults.lighting && defaults.blur == 0.0 &&
            defaults.noise == 0.0);
    const SyntheticConfig custom =
        SyntheticConfig::fromUri("synthetic:?seed=9&people=3&fps=29.97&lighting=1&blur=0.7&noise=2.5&frames=99");
    QVERIFY(custom.fps == 29.97 && custom.lighting && custom.blur == 0.7 && custom.noise == 2.5);
    QVERIFY(SyntheticConfig::fromUri(custom.toUri()) == custom);
    QVERIFY(SyntheticConfig::fromUri(defaults.toUri()) == defaults);
    QVERIFY_THROWS_EXCEPTION(Error, SyntheticConfig::fromUri("video.avi"));
  }

  void rejectsBadUris_data() {
    QTest::addColumn<QString>("option");
    // The required three, then one out-of-range value per key.
    for (const char* option : {"people=-1", "foo=1", "width=abc", "people=201", "frames=0", "width=63", "height=4097",
                               "fps=0.5", "lighting=2", "blur=20.5", "noise=-1", "seed=x1"}) {
      QTest::newRow(option) << QString(option);
    }
  }
  void rejectsBadUris() {
    QFETCH(QString, option);
    const QString key = "'" + option.section('=', 0, 0) + "'";
    try {
      SyntheticSource source(("synthetic:?" + option).toStdString());
      QFAIL("no error");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains(key), e.what());
    }
  }

  void isDeterministic_data() {
    QTest::addColumn<QString>("uri");
    QTest::newRow("plain") << kSmall;
    QTest::newRow("effects")
        << "synthetic:?seed=5&people=10&frames=40&width=320&height=180&lighting=1&blur=1.2&noise=4";
  }
  void isDeterministic() {
    QFETCH(QString, uri);
    SyntheticSource a(uri.toStdString()), b(uri.toStdString());
    const auto framesA = readFrames(a, 40), framesB = readFrames(b, 40);
    QVERIFY(framesA.size() == 40 && framesB.size() == 40);
    for (std::size_t i = 0; i < framesA.size(); ++i) {
      QVERIFY2(sameImage(framesA[i].frame.image, framesB[i].frame.image), qPrintable(QString("frame %1").arg(i + 1)));
      QVERIFY(sameRows(framesA[i].groundTruth, framesB[i].groundTruth));
    }
  }

  void differentSeedDiffers() {
    SyntheticSource a(kSmall), b("synthetic:?seed=6&people=10&frames=40&width=320&height=180");
    const auto fa = readFrames(a, 1), fb = readFrames(b, 1);
    QVERIFY(!sameImage(fa.at(0).frame.image, fb.at(0).frame.image));
    QVERIFY(!sameRows(fa.at(0).groundTruth, fb.at(0).groundTruth));
  }

  void seekEqualsSequentialRead() {
    SyntheticSource sequential("synthetic:?seed=11&people=12&frames=40&width=320&height=180&lighting=1&noise=3");
    const auto frames = readFrames(sequential, 40);
    QCOMPARE(frames.size(), std::size_t(40));
    SyntheticSource seeking("synthetic:?seed=11&people=12&frames=40&width=320&height=180&lighting=1&noise=3");
    for (int n : {17, 3, 40, 1, 29}) {
      QVERIFY(seeking.seek(n));
      SourceFrame frame;
      QCOMPARE(seeking.read(frame, 0), ReadStatus::Frame);
      QCOMPARE(frame.frame.number, std::int64_t(n));
      QVERIFY2(sameImage(frame.frame.image, frames[n - 1].frame.image), qPrintable(QString("frame %1").arg(n)));
      QVERIFY(sameRows(frame.groundTruth, frames[n - 1].groundTruth));
      QVERIFY(sameRows(seeking.groundTruthFor(n), frames[n - 1].groundTruth));
    }
  }

  void endsAfterFrames() {
    SyntheticSource source("synthetic:?frames=5&width=96&height=64");
    SourceFrame frame;
    for (int n = 1; n <= 5; ++n) {
      QCOMPARE(source.read(frame, 0), ReadStatus::Frame);
      QCOMPARE(frame.frame.number, std::int64_t(n));
    }
    QCOMPARE(source.read(frame, 0), ReadStatus::EndOfStream);
    QCOMPARE(source.read(frame, 0), ReadStatus::EndOfStream);
    QCOMPARE(source.health().state, SourceState::EndOfStream);
    QVERIFY(!source.seek(0) && !source.seek(6) && source.seek(5));
    QCOMPARE(source.read(frame, 0), ReadStatus::Frame);
    QCOMPARE(frame.frame.number, std::int64_t(5));
    QVERIFY(source.groundTruthFor(6).empty());
  }

  void groundTruthIsPlausible() {
    SyntheticSource source("synthetic:?seed=2&people=15&frames=300&width=480&height=270");
    const cv::Rect image(0, 0, 480, 270);
    std::size_t rows = 0;
    int frameNumber = 1;
    for (const auto& frame : groundTruthRange(source, 1, 300, 3)) {
      std::set<int> ids;
      for (const MotRow& row : frame) {
        ++rows;
        QVERIFY(row.frame == frameNumber && row.id >= 1 && row.confidence == 1.0f && row.classId == 1);
        QVERIFY2(ids.insert(row.id).second, "duplicate id in a frame");
        QVERIFY(row.box.width > 0.0f && row.box.height > row.box.width * 0.8f);  // non-empty, upright people
        QVERIFY(row.visibility >= 0.0f && row.visibility <= 1.0f);
        const cv::Rect box(int(row.box.x), int(row.box.y), int(row.box.width), int(row.box.height));
        QVERIFY2(!(box & image).empty(), "rows of persons fully outside the image must be dropped");
      }
      frameNumber += 3;
    }
    // About `people` persons in view on average.
    const double perFrame = double(rows) / 100.0;
    QVERIFY2(perFrame > 15 * 0.5 && perFrame < 15 * 1.6, qPrintable(QString::number(perFrame)));
  }

  void idsAreStableAcrossFrames() {
    SyntheticSource source("synthetic:?seed=4&people=12&frames=200&width=480&height=270");
    const auto frames = groundTruthRange(source, 1, 200);
    std::size_t matched = 0;
    for (std::size_t i = 1; i < frames.size(); ++i) {
      std::map<int, BoundingBox> previous;
      for (const MotRow& row : frames[i - 1]) previous[row.id] = row.box;
      for (const MotRow& row : frames[i]) {
        const auto it = previous.find(row.id);
        if (it == previous.end()) continue;
        ++matched;
        const BoundingBox& before = it->second;
        // A person moves at most ~2 m/s: a fraction of its height per frame at 25 fps.
        const float motion = std::hypot(row.box.bottom() - before.bottom(), row.box.centerX() - before.centerX());
        QVERIFY2(motion < 0.15f * std::max(row.box.height, before.height) + 2.0f,
                 qPrintable(QString("id %1 jumped %2 px").arg(row.id).arg(motion)));
        QVERIFY(row.box.height < before.height * 1.25f + 2.0f && before.height < row.box.height * 1.25f + 2.0f);
      }
    }
    QVERIFY(matched > 500);
  }

  void personsEnterAndExit() {
    const float width = 320, height = 180;
    const int last = 5000;  // 200 s: walks across the scene take 10–90 s
    SyntheticSource source("synthetic:?seed=8&people=8&frames=5000&width=320&height=180");
    std::map<int, std::pair<MotRow, MotRow>> seen;  // id → first and last row
    for (int n = 1; n <= last; ++n) {
      for (const MotRow& row : source.groundTruthFor(n)) seen.try_emplace(row.id, row, row).first->second.second = row;
    }
    // Entering/leaving persons do so across an image edge or far away (small), never popping up near the camera.
    auto atEdgeOrFar = [&](const MotRow& row) {
      return row.box.x <= 0 || row.box.right() >= width || row.box.bottom() >= height || row.box.height < 0.2f * height;
    };
    int entered = 0, exited = 0;
    for (const auto& [id, rows] : seen) {
      if (rows.first.frame > 1 && ++entered) QVERIFY2(atEdgeOrFar(rows.first), qPrintable(QString::number(id)));
      if (rows.second.frame < last && ++exited) QVERIFY2(atEdgeOrFar(rows.second), qPrintable(QString::number(id)));
    }
    QVERIFY2(entered > 20 && exited > 20, qPrintable(QString("%1 entered, %2 exited").arg(entered).arg(exited)));
  }

  void farPeopleAreSmaller() {
    SyntheticSource source("synthetic:?seed=12&people=20&frames=1000&width=640&height=360");
    std::vector<double> heights, bottoms;
    for (const auto& frame : groundTruthRange(source, 1, 1000, 10)) {
      for (const MotRow& row : frame) {
        if (row.box.y < 0.0f || row.box.bottom() > 360.0f) continue;  // cut by the image border
        heights.push_back(row.box.height);
        bottoms.push_back(row.box.bottom());
      }
    }
    QVERIFY(heights.size() > 200);
    const cv::Mat h(heights), b(bottoms);
    cv::Scalar mh, sh, mb, sb;
    cv::meanStdDev(h, mh, sh);
    cv::meanStdDev(b, mb, sb);
    const double correlation = (cv::mean(h.mul(b))[0] - mh[0] * mb[0]) / (sh[0] * sb[0]);
    QVERIFY2(correlation > 0.7, qPrintable(QString::number(correlation)));
  }

  void visibilityReflectsOcclusion() {
    const float width = 480.0f, height = 270.0f;
    SyntheticSource source("synthetic:?seed=21&people=40&frames=200&width=480&height=270");
    int occluded = 0, alone = 0, cut = 0;
    for (const auto& frame : groundTruthRange(source, 1, 200, 2)) {
      for (const MotRow& row : frame) {
        bool overlaps = false;
        for (const MotRow& other : frame) overlaps |= other.id != row.id && boxesOverlap(row.box, other.box);
        const bool inside = row.box.x >= 0 && row.box.y >= 0 && row.box.right() <= width && row.box.bottom() <= height;
        if (overlaps && row.visibility < 1.0f) ++occluded;
        if (!inside && row.visibility < 1.0f) ++cut;
        // Nothing can hide an isolated person inside the image.
        if (!overlaps && inside && ++alone) QCOMPARE(row.visibility, 1.0f);
        if (!overlaps && !inside) QVERIFY(row.visibility < 1.0f);
      }
    }
    QVERIFY2(occluded > 10 && alone > 10 && cut > 10,
             qPrintable(QString("%1 %2 %3").arg(occluded).arg(alone).arg(cut)));
  }

  void effectsChangePixelsNotGroundTruth() {
    SyntheticSource plain(kSmall);
    SyntheticSource effects("synthetic:?seed=5&people=10&frames=40&width=320&height=180&lighting=1&blur=1.5&noise=6");
    SyntheticSource noisy("synthetic:?seed=5&people=10&frames=40&width=320&height=180&noise=6");
    QVERIFY(plain.seek(20) && effects.seek(20) && noisy.seek(20));
    SourceFrame a, b, c;
    QVERIFY(plain.read(a, 0) == ReadStatus::Frame && effects.read(b, 0) == ReadStatus::Frame &&
            noisy.read(c, 0) == ReadStatus::Frame);
    QVERIFY(sameRows(a.groundTruth, b.groundTruth));
    QVERIFY(!sameImage(a.frame.image, b.frame.image));
    // Noise: zero-mean, about the requested sigma.
    cv::Mat diff;
    cv::subtract(c.frame.image, a.frame.image, diff, cv::noArray(), CV_32F);
    cv::Scalar mean, stddev;
    cv::meanStdDev(diff.reshape(1), mean, stddev);
    QVERIFY2(std::abs(mean[0]) < 0.5 && stddev[0] > 5.0 && stddev[0] < 7.0,
             qPrintable(QString("mean %1 sd %2").arg(mean[0]).arg(stddev[0])));
  }

  void rendersQuickly() {
    SyntheticSource source("synthetic:?seed=1&frames=60");
    SourceFrame frame;
    source.read(frame, 0);
    Stopwatch watch;
    int frames = 0;
    while (source.read(frame, 0) == ReadStatus::Frame) ++frames;
    const double msPerFrame = watch.elapsedMs() / frames;
    qInfo("960x540, 8 people: %.2f ms per frame", msPerFrame);
    QVERIFY2(msPerFrame < 200.0, "far slower than the 20 ms budget");
  }
};

QTEST_APPLESS_MAIN(TestSyntheticSource)
#include "TestSyntheticSource.moc"
