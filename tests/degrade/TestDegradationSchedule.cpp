// DegradationSchedule: the share of degraded frames, episode shape (constant kind and strength, length in seconds),
// independence of query order, seeds, off specs and per-frame noise seeds.
#include <QtTest>

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "degrade/DegradationSchedule.h"
#include "util/Rng.h"

using namespace edgescope;

namespace {

struct Run {
  std::int64_t first = 0, last = 0;
  FrameDegradation degradation;
};

bool same(const FrameDegradation& a, const FrameDegradation& b) {
  return a.kind == b.kind && a.strength == b.strength && a.angleDeg == b.angleDeg;
}

std::vector<FrameDegradation> timeline(DegradationSchedule& schedule, std::int64_t frames) {
  std::vector<FrameDegradation> out;
  for (std::int64_t n = 1; n <= frames; ++n) out.push_back(schedule.at(n));
  return out;
}

double degradedShare(const std::vector<FrameDegradation>& frames) {
  return static_cast<double>(
             std::count_if(frames.begin(), frames.end(), [](const FrameDegradation& d) { return d.degraded(); })) /
         static_cast<double>(frames.size());
}

/// Maximal runs of frames with the same degradation (clean runs left out).
std::vector<Run> episodes(const std::vector<FrameDegradation>& frames) {
  std::vector<Run> runs;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    if (!frames[i].degraded()) continue;
    const auto n = static_cast<std::int64_t>(i + 1);
    if (!runs.empty() && runs.back().last == n - 1 && same(runs.back().degradation, frames[i])) {
      runs.back().last = n;
    } else {
      runs.push_back({n, n, frames[i]});
    }
  }
  return runs;
}

}  // namespace

class TestDegradationSchedule : public QObject {
  Q_OBJECT
 private slots:
  void shareMatchesSpec_data() {
    QTest::addColumn<double>("share");
    QTest::newRow("0.35") << 0.35;
    QTest::newRow("0.1") << 0.1;
    QTest::newRow("0.8") << 0.8;
  }

  void shareMatchesSpec() {
    QFETCH(double, share);
    double sum = 0.0;
    const int seeds = 8;
    for (int seed = 1; seed <= seeds; ++seed) {
      DegradationSpec spec;
      spec.seed = static_cast<std::uint64_t>(seed) * 7919;
      spec.share = share;
      DegradationSchedule schedule(spec, 25.0);
      const double measured = degradedShare(timeline(schedule, 2000));
      QVERIFY2(std::abs(measured - share) <= 0.1,
               qPrintable(QString("seed %1: share %2, spec %3").arg(spec.seed).arg(measured).arg(share)));
      sum += measured;
    }
    QVERIFY2(std::abs(sum / seeds - share) <= 0.05, qPrintable(QString::number(sum / seeds)));
  }

  void episodesHaveOneKindAndStrength() {
    const DegradationSpec spec = DegradationSpec::parse(
        "seed=11,share=0.5,kinds=dark,jpeg,lowres,strength=0.2:0.6,"
        "episode=1:3");
    DegradationSchedule schedule(spec, 10.0);
    const std::vector<FrameDegradation> frames = timeline(schedule, 20000);
    const std::vector<Run> runs = episodes(frames);
    QVERIFY(runs.size() > 100);
    std::set<DegradationKind> kinds;
    for (std::size_t i = 0; i + 1 < runs.size(); ++i) {  // the last run may be cut at frame 20000
      const Run& run = runs[i];
      const std::int64_t length = run.last - run.first + 1;
      QVERIFY2(length >= 10 && length <= 30,
               qPrintable(QString("episode at %1: %2 frames").arg(run.first).arg(length)));
      QVERIFY(run.degradation.strength >= 0.2 && run.degradation.strength <= 0.6);
      QVERIFY(run.degradation.angleDeg >= 0.0 && run.degradation.angleDeg <= 180.0);
      kinds.insert(run.degradation.kind);
    }
    QCOMPARE(kinds, (std::set<DegradationKind>{DegradationKind::Dark, DegradationKind::Jpeg, DegradationKind::LowRes}));
    QVERIFY(degradedShare(frames) > 0.4 && degradedShare(frames) < 0.6);
  }

  void everyDefaultKindAppears() {
    DegradationSchedule schedule(DegradationSpec{}, 25.0);
    std::map<DegradationKind, int> frames;
    for (std::int64_t n = 1; n <= 50000; ++n) ++frames[schedule.at(n).kind];
    for (DegradationKind kind : kAllDegradationKinds) QVERIFY2(frames[kind] > 0, kindName(kind));
  }

  void independentOfQueryOrder() {
    const DegradationSpec spec = DegradationSpec::parse("seed=42");
    DegradationSchedule forward(spec, 25.0);
    const std::vector<FrameDegradation> expected = timeline(forward, 3000);
    DegradationSchedule shuffled(spec, 25.0);
    std::vector<std::int64_t> order(3000);
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::int64_t>(i + 1);
    Rng rng(9);
    for (std::size_t i = order.size() - 1; i > 0; --i)
      std::swap(order[i], order[rng.uniformInt(0, static_cast<int>(i))]);
    QVERIFY(same(shuffled.at(2999), expected[2998]));  // far ahead first
    for (std::int64_t n : order) QVERIFY2(same(shuffled.at(n), expected[n - 1]), qPrintable(QString::number(n)));
    QVERIFY(!shuffled.at(0).degraded() && !shuffled.at(-5).degraded());
  }

  void seedsGiveDifferentTimelines() {
    DegradationSchedule a(DegradationSpec::parse("seed=1"), 25.0);
    DegradationSchedule b(DegradationSpec::parse("seed=2"), 25.0);
    const auto ta = timeline(a, 2000), tb = timeline(b, 2000);
    int differ = 0;
    for (std::size_t i = 0; i < ta.size(); ++i) differ += same(ta[i], tb[i]) ? 0 : 1;
    QVERIFY(differ > 200);
  }

  void episodeLengthsAreSeconds() {
    const DegradationSpec spec = DegradationSpec::parse("seed=3,share=0.5,episode=2:2");
    for (double fps : {10.0, 50.0}) {
      DegradationSchedule schedule(spec, fps);
      const std::vector<Run> runs = episodes(timeline(schedule, static_cast<std::int64_t>(fps * 200)));
      QVERIFY(runs.size() > 10);
      for (std::size_t i = 0; i + 1 < runs.size(); ++i)
        QCOMPARE(runs[i].last - runs[i].first + 1, std::int64_t(2 * fps));
    }
  }

  void unknownFpsMeans25() {
    DegradationSchedule unknown(DegradationSpec{}, 0.0), at25(DegradationSpec{}, 25.0);
    QCOMPARE(unknown.fps(), 25.0);
    const auto a = timeline(unknown, 1000), b = timeline(at25, 1000);
    for (std::size_t i = 0; i < a.size(); ++i) QVERIFY(same(a[i], b[i]));
  }

  void offAndFullShares() {
    for (const char* off : {"share=0", "kinds=off", "off"}) {
      DegradationSchedule schedule(DegradationSpec::parse(off), 25.0);
      QCOMPARE(degradedShare(timeline(schedule, 2000)), 0.0);
    }
    DegradationSchedule full(DegradationSpec::parse("share=1"), 25.0);
    QCOMPARE(degradedShare(timeline(full, 2000)), 1.0);
    QCOMPARE(full.meanGapS(), 0.0);
    QCOMPARE(DegradationSchedule(DegradationSpec::parse("share=0.25,episode=2:4"), 25.0).meanGapS(), 9.0);
  }

  void noiseSeedsPerFrame() {
    const DegradationSchedule a(DegradationSpec::parse("seed=5"), 25.0), b(DegradationSpec::parse("seed=5"), 25.0);
    const DegradationSchedule c(DegradationSpec::parse("seed=6"), 25.0);
    std::set<std::uint64_t> seeds;
    for (std::int64_t n = 1; n <= 1000; ++n) {
      QCOMPARE(a.noiseSeed(n), b.noiseSeed(n));
      QVERIFY(a.noiseSeed(n) != c.noiseSeed(n));
      seeds.insert(a.noiseSeed(n));
    }
    QCOMPARE(seeds.size(), std::size_t(1000));
  }
};

QTEST_APPLESS_MAIN(TestDegradationSchedule)
#include "TestDegradationSchedule.moc"
