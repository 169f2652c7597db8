// IdleBudget: the slack min(next due, this due + T) − now − tail − margin with fake clocks at 10 fps (T = 100 ms) and
// 25 fps (T = 40 ms): on time, late (clamped to 0, behind), next due unknown, the margin, and the idle-share cap.
#include <QtTest>

#include <limits>

#include "turbo/IdleBudget.h"

using namespace edgescope;

namespace {

/// Frame @p index of a stream at @p intervalMs, detection finished @p detectMs after it was due.
IdleBudget::Inputs frameAt(int index, double intervalMs, double detectMs, double tailMs, double marginMs) {
  IdleBudget::Inputs in;
  in.thisFrameDueMs = index * intervalMs;
  in.nextFrameDueMs = (index + 1) * intervalMs;
  in.nowMs = in.thisFrameDueMs + detectMs;
  in.latencyBoundMs = intervalMs;
  in.predictedTailMs = tailMs;
  in.marginMs = marginMs;
  return in;
}

}  // namespace

class TestIdleBudget : public QObject {
  Q_OBJECT
 private slots:
  void onTimeFrame() {
    const auto at10 = IdleBudget::compute(frameAt(7, 100.0, 30.0, 10.0, 5.0));
    QCOMPARE(at10.slackMs, 100.0 - 30.0 - 10.0 - 5.0);
    QCOMPARE(at10.rawSlackMs, at10.slackMs);
    QVERIFY(!at10.behind);
    const auto at25 = IdleBudget::compute(frameAt(50, 40.0, 12.0, 6.0, 5.0));
    QCOMPARE(at25.slackMs, 40.0 - 12.0 - 6.0 - 5.0);
    QVERIFY(!at25.behind);
  }
  void lateFrame() {
    const auto at10 = IdleBudget::compute(frameAt(3, 100.0, 92.0, 8.0, 5.0));
    QCOMPARE(at10.rawSlackMs, -5.0);
    QCOMPARE(at10.slackMs, 0.0);
    QVERIFY(at10.behind);
    const auto at25 = IdleBudget::compute(frameAt(3, 40.0, 45.0, 6.0, 0.0));  // detection alone overran the frame
    QCOMPARE(at25.rawSlackMs, -11.0);
    QCOMPARE(at25.slackMs, 0.0);
    QVERIFY(at25.behind);
    const auto exact = IdleBudget::compute(frameAt(3, 40.0, 30.0, 5.0, 5.0));  // exactly on the deadline
    QCOMPARE(exact.slackMs, 0.0);
    QVERIFY(!exact.behind);
  }
  void earlierOfNextFrameAndDeadline() {
    IdleBudget::Inputs in = frameAt(2, 100.0, 20.0, 0.0, 0.0);
    in.latencyBoundMs = 250.0;  // a looser bound: the next frame's arrival limits
    QCOMPARE(IdleBudget::compute(in).slackMs, 80.0);
    in = frameAt(2, 40.0, 10.0, 0.0, 0.0);
    in.latencyBoundMs = 25.0;  // a tighter bound than the frame interval: the deadline limits
    QCOMPARE(IdleBudget::compute(in).slackMs, 15.0);
  }
  void unknownNextDue() {
    IdleBudget::Inputs in = frameAt(4, 100.0, 20.0, 10.0, 5.0);
    in.nextFrameDueMs = std::numeric_limits<double>::quiet_NaN();
    QCOMPARE(IdleBudget::compute(in).slackMs, 65.0);  // this due + T
    in = frameAt(4, 40.0, 10.0, 5.0, 5.0);
    in.nextFrameDueMs = std::numeric_limits<double>::infinity();
    in.latencyBoundMs = 60.0;
    QCOMPARE(IdleBudget::compute(in).slackMs, 40.0);
  }
  void marginReducesSlack() {
    const double without = IdleBudget::compute(frameAt(1, 40.0, 10.0, 5.0, 0.0)).slackMs;
    const double with = IdleBudget::compute(frameAt(1, 40.0, 10.0, 5.0, 8.0)).slackMs;
    QCOMPARE(without - with, 8.0);
    const auto eaten = IdleBudget::compute(frameAt(1, 40.0, 10.0, 5.0, 30.0));  // the margin alone makes it behind
    QCOMPARE(eaten.slackMs, 0.0);
    QVERIFY(eaten.behind);
  }
  void idleShareCap() {
    IdleBudget::Inputs in = frameAt(9, 100.0, 20.0, 10.0, 10.0);  // raw 60
    in.idleShare = 0.25;
    auto r = IdleBudget::compute(in);
    QCOMPARE(r.rawSlackMs, 60.0);
    QCOMPARE(r.slackMs, 15.0);
    QVERIFY(!r.behind);
    in.idleShare = 0.0;
    QCOMPARE(IdleBudget::compute(in).slackMs, 0.0);
    in.idleShare = 1.7;  // clamped to 1
    QCOMPARE(IdleBudget::compute(in).slackMs, 60.0);
    in.idleShare = std::numeric_limits<double>::quiet_NaN();
    QCOMPARE(IdleBudget::compute(in).slackMs, 60.0);
    IdleBudget::Inputs late = frameAt(9, 40.0, 38.0, 5.0, 0.0);
    late.idleShare = 0.5;
    r = IdleBudget::compute(late);
    QCOMPARE(r.slackMs, 0.0);
    QVERIFY(r.behind);
  }
};

QTEST_GUILESS_MAIN(TestIdleBudget)
#include "TestIdleBudget.moc"
