// DegradedSource: the same spec gives byte-identical frames across sources and after seeks, clean frames and every
// frame's ground truth, number and time are the inner source's, attached GT indexes still work, info/health forward.
#include <QtTest>

#include <QTemporaryDir>

#include <algorithm>
#include <memory>

#include <opencv2/core.hpp>

#include "SourceTestUtil.h"
#include "degrade/DegradedSource.h"
#include "mot/GroundTruthIndex.h"
#include "mot/MotFile.h"
#include "source/SourceFactory.h"
#include "synthetic/SyntheticSource.h"

using namespace edgescope;

namespace {

const char* const kScene = "synthetic:?seed=4&people=6&frames=120&width=320&height=180&fps=25";
const char* const kSpec = "seed=7,share=0.5,episode=0.2:0.8";

std::unique_ptr<DegradedSource> degraded(const std::string& uri = kScene, const std::string& spec = kSpec) {
  return std::make_unique<DegradedSource>(SourceFactory::open(uri), DegradationSpec::parse(spec));
}

std::vector<SourceFrame> readAll(VideoSource& source, int limit = 1000) {
  std::vector<SourceFrame> frames;
  SourceFrame frame;
  while (static_cast<int>(frames.size()) < limit && source.read(frame, 0) == ReadStatus::Frame) {
    frames.push_back(frame);
    frame.frame.image = cv::Mat();  // the next read renders a fresh image
  }
  return frames;
}

bool sameImage(const cv::Mat& a, const cv::Mat& b) {
  return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0.0;
}

bool sameRows(const std::vector<MotRow>& a, const std::vector<MotRow>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const MotRow& r, const MotRow& s) {
    return r.frame == s.frame && r.id == s.id && r.box.x == s.box.x && r.box.y == s.box.y &&
           r.box.width == s.box.width && r.box.height == s.box.height && r.visibility == s.visibility;
  });
}

bool sameDegradation(const FrameDegradation& a, const FrameDegradation& b) {
  return a.kind == b.kind && a.strength == b.strength && a.angleDeg == b.angleDeg;
}

}  // namespace

class TestDegradedSource : public QObject {
  Q_OBJECT
 private slots:
  void sameSpecSameBytes() {
    const auto a = degraded(), b = degraded();
    const std::vector<SourceFrame> first = readAll(*a), second = readAll(*b);
    QCOMPARE(first.size(), std::size_t(120));
    QCOMPARE(second.size(), first.size());
    int hard = 0;
    for (std::size_t i = 0; i < first.size(); ++i) {
      QVERIFY(sameImage(first[i].frame.image, second[i].frame.image));
      QVERIFY(sameDegradation(first[i].degradation, second[i].degradation));
      hard += first[i].degradation.degraded() ? 1 : 0;
    }
    QVERIFY2(hard > 20 && hard < 100, qPrintable(QString::number(hard)));
    const std::vector<SourceFrame> other = readAll(*degraded(kScene, "seed=8,share=0.5,episode=0.2:0.8"));
    int differ = 0;
    for (std::size_t i = 0; i < first.size(); ++i)
      differ += sameImage(first[i].frame.image, other[i].frame.image) ? 0 : 1;
    QVERIFY(differ > 20);
  }

  void seekGivesSameBytes() {
    const std::vector<SourceFrame> expected = readAll(*degraded());
    const auto source = degraded();
    QVERIFY(source->seek(90));
    std::vector<SourceFrame> late = readAll(*source, 31);  // 90 … 120 first: the schedule is drawn far ahead
    QVERIFY(source->seek(10));
    std::vector<SourceFrame> early = readAll(*source, 30);  // then 10 … 39
    QCOMPARE(late.size(), std::size_t(31));
    QCOMPARE(early.size(), std::size_t(30));
    for (const auto* part : {&late, &early}) {
      for (const SourceFrame& frame : *part) {
        const SourceFrame& want = expected[static_cast<std::size_t>(frame.frame.number - 1)];
        QVERIFY2(sameImage(frame.frame.image, want.frame.image), qPrintable(QString::number(frame.frame.number)));
        QVERIFY(sameDegradation(frame.degradation, want.degradation));
      }
    }
  }

  void cleanFramesAndGroundTruthAreTheInnerOnes() {
    SyntheticSource plain(kScene);
    const auto source = degraded();
    const std::vector<SourceFrame> inner = readAll(plain), outer = readAll(*source);
    QCOMPARE(outer.size(), inner.size());
    int clean = 0, hard = 0;
    for (std::size_t i = 0; i < inner.size(); ++i) {
      QCOMPARE(outer[i].frame.number, inner[i].frame.number);
      QCOMPARE(outer[i].frame.captureTimeMs, inner[i].frame.captureTimeMs);
      QCOMPARE(outer[i].frame.sourceId, inner[i].frame.sourceId);
      QVERIFY(!inner[i].groundTruth.empty());
      QVERIFY(sameRows(outer[i].groundTruth, inner[i].groundTruth));
      QVERIFY(!inner[i].degradation.degraded());  // plain sources leave it None
      const FrameDegradation scheduled = source->schedule().at(outer[i].frame.number);
      QVERIFY(sameDegradation(outer[i].degradation, scheduled));
      const bool identical = sameImage(outer[i].frame.image, inner[i].frame.image);
      if (outer[i].degradation.degraded()) {
        QVERIFY2(!identical, qPrintable(QString::number(outer[i].frame.number)));
        ++hard;
      } else {
        QVERIFY2(identical, qPrintable(QString::number(outer[i].frame.number)));
        ++clean;
      }
    }
    QVERIFY(clean > 0 && hard > 0);
  }

  void offSpecPassesEverythingThrough() {
    SyntheticSource plain(kScene);
    const auto source = degraded(kScene, "kinds=off");
    const std::vector<SourceFrame> inner = readAll(plain), outer = readAll(*source);
    QCOMPARE(outer.size(), inner.size());
    for (std::size_t i = 0; i < inner.size(); ++i) {
      QVERIFY(sameImage(outer[i].frame.image, inner[i].frame.image) && !outer[i].degradation.degraded());
    }
  }

  void forwardsInfoAndHealth() {
    SyntheticSource plain(kScene);
    const auto source = degraded();
    QCOMPARE(source->info().uri, plain.info().uri);
    QVERIFY(source->info().fps == 25.0 && source->info().frameCount == 120 && source->info().seekable &&
            source->info().hasGroundTruth);
    QCOMPARE(QString::fromStdString(source->spec().toString()),
             QString::fromStdString(DegradationSpec::parse(kSpec).toString()));
    readAll(*source);
    SourceFrame frame;
    QCOMPARE(source->read(frame, 0), ReadStatus::EndOfStream);
    QCOMPARE(source->health().state, SourceState::EndOfStream);
    QVERIFY(!source->seek(500));
    QVERIFY_THROWS_EXCEPTION(Error, DegradedSource(nullptr, DegradationSpec{}));
  }

  void attachedGroundTruthIsKept() {
    QTemporaryDir dir;
    const std::string clip = dir.filePath("clip.avi").toStdString();
    const std::string gtPath = dir.filePath("gt.txt").toStdString();
    writeSquareClip(clip, 20);
    std::vector<MotRow> rows;
    for (int n = 1; n <= 20; ++n) {
      MotRow row;
      row.frame = n;
      row.id = 1;
      row.box = BoundingBox{4.0f * static_cast<float>(n - 1), 40.0f, 20.0f, 20.0f};
      rows.push_back(row);
    }
    MotFile::write(gtPath, rows, MotFormat::Mot16);
    // GT attached to the inner source (as SourceFactory does for --gt) …
    auto withGt = std::make_unique<DegradedSource>(SourceFactory::open(clip, gtPath),
                                                   DegradationSpec::parse("seed=2,share=0.6,episode=0.2:0.5"));
    QVERIFY(withGt->groundTruth() != nullptr);
    // … or to the decorator afterwards.
    auto later = std::make_unique<DegradedSource>(SourceFactory::open(clip),
                                                  DegradationSpec::parse("seed=2,share=0.6,episode=0.2:0.5"));
    QVERIFY(later->groundTruth() == nullptr);
    later->attachGroundTruth(std::make_shared<GroundTruthIndex>(MotFile::read(gtPath).rows, gtPath));
    const auto plain = SourceFactory::open(clip, gtPath);
    const std::vector<SourceFrame> expected = readAll(*plain), a = readAll(*withGt), b = readAll(*later);
    QCOMPARE(expected.size(), std::size_t(20));
    QCOMPARE(a.size(), expected.size());
    QCOMPARE(b.size(), expected.size());
    int hard = 0;
    for (std::size_t i = 0; i < expected.size(); ++i) {
      QCOMPARE(expected[i].groundTruth.size(), std::size_t(1));
      QVERIFY(sameRows(a[i].groundTruth, expected[i].groundTruth));
      QVERIFY(sameRows(b[i].groundTruth, expected[i].groundTruth));
      QVERIFY(sameImage(a[i].frame.image, b[i].frame.image));
      hard += a[i].degradation.degraded() ? 1 : 0;
    }
    QVERIFY(hard > 0 && hard < 20);
  }
};

QTEST_APPLESS_MAIN(TestDegradedSource)
#include "TestDegradedSource.moc"
