// CoordinateSelector (paper 003, Table 3): strategy names and their Errors, the fraction check, the count
// round(γ·n) (half away from zero, at least 1), sorted in-range output, the positions of first/last/first-last,
// gradient picking the largest |u| (ties, signs, NaN, Inf), random being seeded, uniform and different per seed and
// draw, and full selecting everything.
#include <QtTest>

#include "../TestHelpers.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

#include "ams/CoordinateSelector.h"

using namespace edgescope;
using Strategy = CoordinateSelector::Strategy;
using edgescope::testing::errorOf;

namespace {

const std::vector<Strategy> kAll = {Strategy::Gradient, Strategy::Random,    Strategy::First,
                                    Strategy::Last,     Strategy::FirstLast, Strategy::Full};

std::vector<std::uint32_t> iota(std::uint32_t begin, std::uint32_t end) {
  std::vector<std::uint32_t> out(end - begin);
  std::iota(out.begin(), out.end(), begin);
  return out;
}

bool strictlyIncreasingBelow(const std::vector<std::uint32_t>& v, std::size_t total) {
  for (std::size_t k = 0; k < v.size(); ++k) {
    if (v[k] >= total || (k > 0 && v[k] <= v[k - 1])) return false;
  }
  return true;
}

}  // namespace

class TestCoordinateSelector : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void namesRoundTrip() {
    const std::vector<std::string> names = {"gradient", "random", "first", "last", "first-last", "full"};
    for (std::size_t i = 0; i < kAll.size(); ++i) {
      QCOMPARE(CoordinateSelector::strategyName(kAll[i]), names[i]);
      QVERIFY(CoordinateSelector::parseStrategy(names[i]) == kAll[i]);
    }
  }

  void badNamesAreErrors() {
    for (const std::string bad : {"", "Gradient", "first_last", "top", "full "}) {
      const QString e = errorOf([&] { CoordinateSelector::parseStrategy(bad); });
      QVERIFY2(e.contains("ams.selection") && e.contains(QString::fromStdString("\"" + bad + "\"")), qPrintable(e));
    }
    const QString e = errorOf([] { CoordinateSelector::parseStrategy("lats", "--selection"); });
    QVERIFY2(e.contains("--selection") && e.contains("\"lats\""), qPrintable(e));
    QVERIFY(errorOf([] { CoordinateSelector::strategyName(static_cast<Strategy>(42)); }).contains("ams.selection"));
  }

  void badFractionsAreErrors() {
    for (double bad : {0.0, -0.1, 1.5, std::nan(""), std::numeric_limits<double>::infinity()}) {
      const QString e = errorOf([&] { CoordinateSelector(Strategy::Random, bad); });
      QVERIFY2(e.contains("ams.fraction"), qPrintable(e));
    }
    QCOMPARE(errorOf([] { CoordinateSelector(Strategy::Random, 1.0); }), QString("<no error>"));
  }

  void countRoundsHalfAwayAndIsAtLeastOne() {
    const CoordinateSelector five(Strategy::First, 0.05);
    QCOMPARE(five.selectedCount(100), std::size_t(5));
    QCOMPARE(five.selectedCount(10), std::size_t(1));  // 0.5 rounds up
    QCOMPARE(five.selectedCount(30), std::size_t(2));  // 1.5 rounds up
    QCOMPARE(five.selectedCount(29), std::size_t(1));  // 1.45 rounds down
    QCOMPARE(five.selectedCount(3), std::size_t(1));   // 0.15: at least one
    QCOMPARE(five.selectedCount(0), std::size_t(0));
    QCOMPARE(CoordinateSelector(Strategy::Gradient, 1.0).selectedCount(41), std::size_t(41));
    QCOMPARE(CoordinateSelector(Strategy::Full, 0.05).selectedCount(41), std::size_t(41));
    QCOMPARE(CoordinateSelector(Strategy::Last, 0.2).selectedCount(41), std::size_t(8));  // 8.2
  }

  void everyStrategyGivesItsCountSortedInRange() {
    std::vector<float> magnitudes(97);
    std::mt19937 random(3);
    for (float& m : magnitudes) m = std::uniform_real_distribution<float>(-1.0f, 1.0f)(random);
    for (Strategy s : kAll) {
      for (double fraction : {0.01, 0.05, 0.2, 0.5, 1.0}) {
        const CoordinateSelector selector(s, fraction, 11);
        const std::vector<std::uint32_t> picked = selector.select(magnitudes, 1);
        QCOMPARE(picked.size(), selector.selectedCount(magnitudes.size()));
        QVERIFY(strictlyIncreasingBelow(picked, magnitudes.size()));
      }
      QVERIFY(CoordinateSelector(s, 0.3).select(0, nullptr).empty());
    }
  }

  void firstLastPositions() {
    QCOMPARE(CoordinateSelector(Strategy::First, 0.25).select(20, nullptr), iota(0, 5));
    QCOMPARE(CoordinateSelector(Strategy::Last, 0.25).select(20, nullptr), iota(15, 20));
    // Half from each end; an odd count gives the extra coordinate to the first layers.
    QCOMPARE(CoordinateSelector(Strategy::FirstLast, 0.25).select(20, nullptr),
             (std::vector<std::uint32_t>{0, 1, 2, 18, 19}));
    QCOMPARE(CoordinateSelector(Strategy::FirstLast, 0.2).select(20, nullptr),
             (std::vector<std::uint32_t>{0, 1, 18, 19}));
    QCOMPARE(CoordinateSelector(Strategy::FirstLast, 0.05).select(20, nullptr), (std::vector<std::uint32_t>{0}));
    QCOMPARE(CoordinateSelector(Strategy::FirstLast, 1.0).select(7, nullptr), iota(0, 7));
    QCOMPARE(CoordinateSelector(Strategy::Last, 1e-6).select(9, nullptr), (std::vector<std::uint32_t>{8}));
  }

  void gradientPicksTheLargest() {
    std::vector<float> magnitudes(200);
    std::mt19937 random(5);
    for (float& m : magnitudes) m = std::uniform_real_distribution<float>(-3.0f, 3.0f)(random);
    const CoordinateSelector selector(Strategy::Gradient, 0.1);
    const std::vector<std::uint32_t> picked = selector.select(magnitudes);
    QCOMPARE(picked.size(), std::size_t(20));
    float smallestPicked = INFINITY, largestLeft = 0.0f;
    for (std::size_t i = 0; i < magnitudes.size(); ++i) {
      const bool in = std::binary_search(picked.begin(), picked.end(), static_cast<std::uint32_t>(i));
      if (in)
        smallestPicked = std::min(smallestPicked, std::fabs(magnitudes[i]));
      else
        largestLeft = std::max(largestLeft, std::fabs(magnitudes[i]));
    }
    QVERIFY(smallestPicked > largestLeft);
    // The same whatever the draw: gradient selection is not random.
    QCOMPARE(selector.select(magnitudes, 99), picked);
  }

  void gradientSignsTiesNanAndInf() {
    const float nan = std::nanf(""), inf = INFINITY;
    const std::vector<float> u = {0.5f, -0.9f, nan, 0.1f, 0.5f, inf, 0.5f, -0.2f};
    QCOMPARE(CoordinateSelector(Strategy::Gradient, 0.25).select(u), (std::vector<std::uint32_t>{1, 5}));
    // Three-way tie at 0.5 for two places: the lower indices win.
    QCOMPARE(CoordinateSelector(Strategy::Gradient, 0.5).select(u), (std::vector<std::uint32_t>{0, 1, 4, 5}));
    // NaN ranks below every number, even 0.
    const std::vector<float> withZero = {0.0f, nan, 0.0f};
    QCOMPARE(CoordinateSelector(Strategy::Gradient, 0.67).select(withZero), (std::vector<std::uint32_t>{0, 2}));
    QVERIFY(errorOf([] { CoordinateSelector(Strategy::Gradient).select(10, nullptr); }).contains("magnitudes"));
  }

  void randomIsSeededAndDiffersBetweenSeedsAndDraws() {
    const CoordinateSelector a(Strategy::Random, 0.1, 7), b(Strategy::Random, 0.1, 8);
    const std::vector<std::uint32_t> first = a.select(1000, nullptr, 1);
    QCOMPARE(first.size(), std::size_t(100));
    QCOMPARE(a.select(1000, nullptr, 1), first);
    QCOMPARE(CoordinateSelector(Strategy::Random, 0.1, 7).select(1000, nullptr, 1), first);
    QVERIFY(b.select(1000, nullptr, 1) != first);
    QVERIFY(a.select(1000, nullptr, 2) != first);
    QVERIFY(first != iota(0, 100));
    // selectRandom draws the same set for any strategy with the same seed and fraction.
    QCOMPARE(CoordinateSelector(Strategy::Gradient, 0.1, 7).selectRandom(1000, 1), first);
  }

  void randomIsUniform() {
    const CoordinateSelector selector(Strategy::Random, 0.25, 1);
    std::vector<int> hits(20, 0);
    const int draws = 2000;  // 5 of 20 each: every coordinate expected 500 times
    for (int d = 0; d < draws; ++d) {
      for (std::uint32_t i : selector.select(20, nullptr, static_cast<std::uint64_t>(d))) ++hits[i];
    }
    for (int h : hits) QVERIFY2(h > 420 && h < 580, qPrintable(QString::number(h)));
  }

  void fullIsEverything() {
    const std::vector<float> u(37, 1.0f);
    for (double fraction : {0.001, 0.05, 1.0}) {
      QCOMPARE(CoordinateSelector(Strategy::Full, fraction).select(u), iota(0, 37));
    }
  }

  void totalBeyond32BitIndicesIsAnError() {
    const std::size_t tooMany = CoordinateSelector::kMaxTotal + std::size_t(1);
    QVERIFY(errorOf([&] { CoordinateSelector(Strategy::First).select(tooMany, nullptr); }).contains("total"));
    QVERIFY(errorOf([&] { CoordinateSelector(Strategy::Random).selectRandom(tooMany); }).contains("total"));
  }
};

QTEST_GUILESS_MAIN(TestCoordinateSelector)
#include "TestCoordinateSelector.moc"
