// ResolutionLadder: the paper's 1088x608 ladder, multiples of 32, about 0.53x at the bottom, deduplication of small
// sources, errors for tiny or malformed sizes.
#include <QtTest>
#include <cmath>
#include <vector>

#include "deepscale/ResolutionLadder.h"
#include "util/Error.h"

using namespace edgescope;

namespace {

std::vector<cv::Size> sizes(std::initializer_list<std::pair<int, int>> list) {
  std::vector<cv::Size> out;
  for (const auto& p : list) out.emplace_back(p.first, p.second);
  return out;
}

QString describe(const ResolutionLadder& ladder) {
  QStringList parts;
  for (const cv::Size& s : ladder.rungs()) parts << QString::fromStdString(ResolutionLadder::label(s));
  return parts.join(' ');
}

/// Every rung aligned, each side no larger than the one above, the area strictly smaller.
bool isValidLadder(const ResolutionLadder& ladder) {
  if (ladder.size() != ResolutionLadder::kRungCount) return false;
  for (int i = 0; i < ladder.size(); ++i) {
    const cv::Size s = ladder.rung(i);
    if (s.width < 32 || s.height < 32 || s.width % 32 != 0 || s.height % 32 != 0) return false;
    if (i == 0) continue;
    const cv::Size p = ladder.rung(i - 1);
    if (s.width > p.width || s.height > p.height || s.area() >= p.area()) return false;
  }
  return true;
}

}  // namespace

class TestResolutionLadder : public QObject {
  Q_OBJECT
 private slots:
  void paperLadderFor1088x608() {
    // Paper 000, Section V-A: {576x320, 640x352, 704x384, 864x480, 1088x608}.
    const ResolutionLadder ladder = ResolutionLadder::fromSource({1088, 608});
    QCOMPARE(describe(ladder), QString("1088x608 864x480 704x384 640x352 576x320"));
    QVERIFY(ladder == ResolutionLadder());
    QCOMPARE(ladder.highest(), cv::Size(1088, 608));
    QCOMPARE(ladder.smallest(), cv::Size(576, 320));
  }

  void commonSourcesAreAlignedAndReachAbout053() {
    struct Case {
      cv::Size source;
      const char* expected;
    };
    const Case cases[] = {
        {{768, 576}, "768x576 608x448 512x384 448x352 416x320"},
        {{1920, 1080}, "1920x1088 1536x864 1248x704 1120x640 1024x576"},
        {{640, 480}, "640x480 512x384 416x320 384x288 352x256"},
        {{1280, 720}, "1280x736 1024x576 832x480 768x416 672x384"},
    };
    for (const Case& c : cases) {
      const ResolutionLadder ladder = ResolutionLadder::fromSource(c.source);
      QCOMPARE(describe(ladder), QString(c.expected));
      QVERIFY(isValidLadder(ladder));
      // Top within 16 px of the source, bottom about 0.53x per side, every rung within 16 px of its exact scale.
      for (int i = 0; i < ladder.size(); ++i) {
        const double s = ResolutionLadder::kScales[i];
        QVERIFY(std::fabs(ladder.rung(i).width - c.source.width * s) <= 16.0);
        QVERIFY(std::fabs(ladder.rung(i).height - c.source.height * s) <= 16.0);
      }
      const double bottomW = double(ladder.smallest().width) / c.source.width;
      const double bottomH = double(ladder.smallest().height) / c.source.height;
      QVERIFY2(bottomW > 0.50 && bottomW < 0.57, qPrintable(QString::number(bottomW)));
      QVERIFY2(bottomH > 0.50 && bottomH < 0.57, qPrintable(QString::number(bottomH)));
      const double aspect = double(c.source.width) / c.source.height;
      for (const cv::Size& s : ladder.rungs()) QVERIFY(std::fabs(double(s.width) / s.height / aspect - 1.0) < 0.07);
      QVERIFY(ResolutionLadder::supports(c.source));
    }
  }

  void smallSourcesAreDeduplicated() {
    // CIF: plain rounding gives 192x160 twice; the last rung's more rounded-up side (height) drops 32 px.
    QCOMPARE(describe(ResolutionLadder::fromSource({352, 288})), QString("352x288 288x224 224x192 192x160 192x128"));
    // Square: a tie, the width drops.
    QCOMPARE(describe(ResolutionLadder::fromSource({400, 400})), QString("416x416 320x320 256x256 224x224 192x224"));
    QVERIFY(isValidLadder(ResolutionLadder::fromSource({101, 101})));
  }

  void sweepNeverCrashesAndAgreesWithSupports() {
    int built = 0;
    for (int w = 1; w <= 700; w += 3) {
      for (int h = 1; h <= 700; h += 7) {
        const cv::Size source(w, h);
        const bool supported = ResolutionLadder::supports(source);
        try {
          const ResolutionLadder ladder = ResolutionLadder::fromSource(source);
          QVERIFY2(supported, qPrintable(QString("%1x%2").arg(w).arg(h)));
          QVERIFY2(isValidLadder(ladder), qPrintable(QString("%1x%2: %3").arg(w).arg(h).arg(describe(ladder))));
          ++built;
        } catch (const Error& e) {
          QVERIFY2(!supported, e.what());
          QVERIFY2(std::min(w, h) <= 100, qPrintable(QString("%1x%2 refused: %3").arg(w).arg(h).arg(e.what())));
          QVERIFY(QString(e.what()).contains(QString("%1x%2").arg(w).arg(h)));
        }
      }
    }
    QVERIFY(built > 1000);
    for (int w = 101; w <= 8000; w += 97) {  // larger sources: always five rungs
      for (int h = 101; h <= 8000; h += 89) {
        QVERIFY2(ResolutionLadder::supports({w, h}), qPrintable(QString("%1x%2").arg(w).arg(h)));
        QVERIFY(isValidLadder(ResolutionLadder::fromSource({w, h})));
      }
    }
  }

  void invalidSourcesAreErrors() {
    QVERIFY_THROWS_EXCEPTION(Error, ResolutionLadder::fromSource({64, 64}));
    QVERIFY_THROWS_EXCEPTION(Error, ResolutionLadder::fromSource({0, 0}));
    QVERIFY_THROWS_EXCEPTION(Error, ResolutionLadder::fromSource({-640, 480}));
    QVERIFY_THROWS_EXCEPTION(Error, ResolutionLadder::fromSource({640, 20000}));
    QVERIFY(!ResolutionLadder::supports({64, 64}));
    QVERIFY(!ResolutionLadder::supports({0, 480}));
    QVERIFY(!ResolutionLadder::supports({16385, 480}));
    QVERIFY(ResolutionLadder::supports({16384, 16384}));
  }

  void explicitLaddersAreValidated() {
    const ResolutionLadder ok(sizes({{1088, 608}, {864, 480}, {704, 384}, {640, 352}, {576, 320}}));
    QVERIFY(ok == ResolutionLadder());
    QCOMPARE(ok.indexOf({704, 384}), 2);
    QCOMPARE(ok.indexOf({700, 384}), -1);
    QVERIFY_THROWS_EXCEPTION(Error, ResolutionLadder(sizes({{1088, 608}, {864, 480}})));  // too few rungs
    QVERIFY_THROWS_EXCEPTION(
        Error, ResolutionLadder(
                   sizes({{1088, 608}, {860, 480}, {704, 384}, {640, 352}, {576, 320}})));  // not a multiple of 32
    QVERIFY_THROWS_EXCEPTION(
        Error, ResolutionLadder(sizes({{1088, 608}, {864, 480}, {864, 480}, {640, 352}, {576, 320}})));  // duplicate
    QVERIFY_THROWS_EXCEPTION(
        Error, ResolutionLadder(sizes({{576, 320}, {640, 352}, {704, 384}, {864, 480}, {1088, 608}})));  // increasing
    try {
      ResolutionLadder(sizes({{1088, 608}, {864, 480}, {896, 384}, {640, 352}, {576, 320}}));
      QFAIL("wider rung accepted");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("rung 2 (896x384)"), e.what());
    }
    QVERIFY_THROWS_EXCEPTION(Error, ok.rung(5));
    QVERIFY_THROWS_EXCEPTION(Error, ok.rung(-1));
  }

  void alignmentRule() {
    QCOMPARE(ResolutionLadder::alignSide(16.0), 32);  // halves round up
    QCOMPARE(ResolutionLadder::alignSide(47.9), 32);
    QCOMPARE(ResolutionLadder::alignSide(48.0), 64);
    QCOMPARE(ResolutionLadder::alignSide(1080.0), 1088);
    QCOMPARE(ResolutionLadder::alignSide(3.0), 32);  // never below one block
    QCOMPARE(ResolutionLadder::alignSide(std::nan("")), 32);
    QCOMPARE(QString::fromStdString(ResolutionLadder::label({864, 480})), QString("864x480"));
  }
};

QTEST_APPLESS_MAIN(TestResolutionLadder)
#include "TestResolutionLadder.moc"
