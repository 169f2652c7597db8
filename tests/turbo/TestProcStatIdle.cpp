// ProcStatIdle: parsing the aggregate cpu line of /proc/stat text (guest time not counted twice, 4-field kernels,
// malformed lines), the share of two readings, and sample() over a file rewritten between calls.
#include <QtTest>
#include <QTemporaryDir>

#include <fstream>

#include "turbo/ProcStatIdle.h"

using namespace edgescope;

namespace {

const char* const kStat =
    "cpu  100 10 50 800 40 0 0 0 30 5\n"
    "cpu0 50 5 25 400 20 0 0 0 15 2\n"
    "cpu1 50 5 25 400 20 0 0 0 15 3\n"
    "intr 12345 0 0\n"
    "ctxt 99\n";

void writeStat(const QString& path, const std::string& cpuLine) {
  std::ofstream out(path.toStdString(), std::ios::trunc);
  out << cpuLine << "\ncpu0 1 2 3 4 5 6 7 8 0 0\nintr 1\n";
}

}  // namespace

class TestProcStatIdle : public QObject {
  Q_OBJECT
 private slots:
  void parsesAggregateLine() {
    const auto c = ProcStatIdle::parse(kStat);
    QVERIFY(c.has_value());
    QCOMPARE(c->idle, std::uint64_t{840});                  // idle + iowait
    QCOMPARE(c->total, std::uint64_t{1000});                // user..steal; guest, guest_nice excluded
    const auto old = ProcStatIdle::parse("cpu 1 2 3 4\n");  // pre-2.6 kernels: no iowait
    QVERIFY(old.has_value());
    QCOMPARE(old->idle, std::uint64_t{4});
    QCOMPARE(old->total, std::uint64_t{10});
    const auto late = ProcStatIdle::parse("cpu0 1 1 1 1\ncpu 0 0 0 7 3\n");  // the aggregate line need not be first
    QVERIFY(late.has_value());
    QCOMPARE(late->idle, std::uint64_t{10});
  }
  void rejectsMalformed() {
    QVERIFY(!ProcStatIdle::parse("").has_value());
    QVERIFY(!ProcStatIdle::parse("cpu0 1 2 3 4\nintr 5\n").has_value());  // per-core lines only
    QVERIFY(!ProcStatIdle::parse("cpu 1 2 3\n").has_value());             // too few counters
    QVERIFY(!ProcStatIdle::parse("cpu 1 2 x 4 5\n").has_value());
    QVERIFY(!ProcStatIdle::parse("cpu 1 -2 3 4 5\n").has_value());
    QVERIFY(!ProcStatIdle::parse("cpu 1 2 3 4.5 5\n").has_value());
    QVERIFY(!ProcStatIdle::parse("cpu 1 2 3 99999999999999999999999 5\n").has_value());  // overflows 64 bits
  }
  void shareOfTwoReadings() {
    const ProcStatIdle::Counters before{840, 1000};
    QCOMPARE(ProcStatIdle::share(before, {1340, 2000}).value(), 0.5);
    QCOMPARE(ProcStatIdle::share(before, {840, 1400}).value(), 0.0);
    QCOMPARE(ProcStatIdle::share(before, {1240, 1400}).value(), 1.0);
    QVERIFY(!ProcStatIdle::share(before, before).has_value());
    QVERIFY(!ProcStatIdle::share(before, {500, 2000}).has_value());  // counter went backwards
    QVERIFY(!ProcStatIdle::share(before, {900, 900}).has_value());
  }
  void sampleOverRewrittenFile() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath("stat");
    writeStat(path, "cpu 100 0 100 800 0 0 0 0 0 0");
    ProcStatIdle idle(path.toStdString());
    writeStat(path, "cpu 200 0 200 1400 200 0 0 0 0 0");  // +100 +100 +600 +200: idle 800 of 1000
    QCOMPARE(idle.sample(), 0.8);
    QCOMPARE(idle.sample(), 0.8);                         // no jiffy passed: the previous share
    writeStat(path, "cpu 500 0 500 1500 200 0 0 0 0 0");  // +300 +300 +100: idle 100 of 700
    QCOMPARE(idle.sample(), 100.0 / 700.0);
    writeStat(path, "cpu 1 1 1 1 1 0 0 0 0 0");  // counters reset: 1.0 and a fresh baseline
    QCOMPARE(idle.sample(), 1.0);
    writeStat(path, "cpu 1 1 1 3 1 0 0 0 0 0");  // +2 idle of +2
    QCOMPARE(idle.sample(), 1.0);
    writeStat(path, "cpu 5 1 1 3 1 0 0 0 0 0");  // +4 busy
    QCOMPARE(idle.sample(), 0.0);
    writeStat(path, "garbage");
    QCOMPARE(idle.sample(), 1.0);
  }
  void ownTimeCountsAsIdle() {
    QCOMPARE(ProcStatIdle::parseSelf("42 (edge scope) (x) R 1 2 3 4 5 6 7 8 9 10 70 30 0 0 20 0"), std::optional<std::uint64_t>(100));
    QVERIFY(!ProcStatIdle::parseSelf("42 edgescope R 1").has_value());
    QVERIFY(!ProcStatIdle::parseSelf("42 (edgescope) R 1 2 3 4 5 6 7 8 9 10 x 30").has_value());
    QTemporaryDir dir;
    const QString stat = dir.filePath("stat"), self = dir.filePath("self");
    writeStat(stat, "cpu 100 0 100 300 0 0 0 0 0 0");
    writeStat(self, "7 (cli) S 1 1 1 0 -1 0 0 0 0 0 50 10 0 0 20 0");
    ProcStatIdle idle(stat.toStdString(), self.toStdString());
    writeStat(stat, "cpu 200 0 200 400 0 0 0 0 0 0");  // +300 total, +100 idle; this process +60 of the +200 busy
    writeStat(self, "7 (cli) S 1 1 1 0 -1 0 0 0 0 0 100 20 0 0 20 0");
    QCOMPARE(idle.sample(), 160.0 / 300.0);
  }
  void unreadableFileIsAllIdle() {
    ProcStatIdle idle("/nonexistent/edgescope/stat");
    QCOMPARE(idle.sample(), 1.0);
    QCOMPARE(idle.sample(), 1.0);
  }
};

QTEST_GUILESS_MAIN(TestProcStatIdle)
#include "TestProcStatIdle.moc"
