// SchedulingProblem: T_i arithmetic (transfer at b_i, compute, fixed RTT/overhead/backlog once per used device, none
// for the camera), utilities with γ and shedding, availability and feasibility.
#include <QtTest>

#include <cmath>

#include "paraloupe/SchedulingProblem.h"

using namespace edgescope;

namespace {

SchedulingProblem twoDevices() {
  SchedulingProblem problem;
  problem.accuracy = {0.5, 0.8};
  problem.gamma = 0.5;
  problem.budgetMs = 40;
  SchedulingDevice camera{"camera", true, 0, 0, 0, 0, 0.2, {4, 10}};
  SchedulingDevice node{"node1", false, 8000, 2, 1, 3, 0.6, {2, std::nan("")}};  // 8 Mbit/s; no large size
  problem.devices = {camera, node};
  problem.patches = {{1.0, 0.9, {2, 6}}, {0.5, 0.7, {1, 4}}};  // KB at each size
  return problem;
}

}  // namespace

class TestSchedulingProblem : public QObject {
  Q_OBJECT
 private slots:
  void itemAndFixedTimes() {
    const SchedulingProblem p = twoDevices();
    QCOMPARE(p.optionCount(), 4);
    QCOMPARE(p.itemMs(0, 1), 10.0);              // camera, large: compute only
    QCOMPARE(p.itemMs(0, 2), 2.0 + 2.0);         // node, small: 2 KB at 8 Mbit/s = 2 ms + 2 ms compute
    QCOMPARE(p.fixedMs(0), 0.0);
    QCOMPARE(p.fixedMs(1), 3.0 + 2.0 + 1.0);     // backlog + RTT + overhead
    QVERIFY(p.available(1, 0));
    QVERIFY(!p.available(1, 1));                 // NaN compute: not served
    QVERIFY(!p.available(2, 0));
  }
  void deviceTimesPayFixedOnce() {
    const SchedulingProblem p = twoDevices();
    const auto times = p.deviceTimes({2, 2});    // both on the node at the small size
    QCOMPARE(times[0], 0.0);
    QCOMPARE(times[1], 6.0 + (2 + 2) + (1 + 2));
    const auto split = p.deviceTimes({1, SchedulingProblem::kShed});
    QCOMPARE(split[0], 10.0);
    QCOMPARE(split[1], 0.0);
  }
  void utilityAndObjective() {
    const SchedulingProblem p = twoDevices();
    QCOMPARE(p.utility(0, 1), 1.0 * (0.8 - 0.5 * 0.2));
    QCOMPARE(p.utility(1, 2), 0.5 * (0.5 - 0.5 * 0.6));
    QCOMPARE(p.utility(1, SchedulingProblem::kShed), 0.5 * SchedulingProblem::kShedUtility);
    QCOMPARE(p.objective({1, 2}), (0.7 + 0.1) / 2);
    QCOMPARE(SchedulingProblem().objective({}), 0.0);
  }
  void feasibility() {
    SchedulingProblem p = twoDevices();
    QVERIFY(p.feasible({1, 2}));
    QVERIFY(!p.feasible({3, 2}));                // unavailable option
    QVERIFY(!p.feasible({1}));                   // wrong length
    p.budgetMs = 9.5;
    QVERIFY(!p.feasible({1, 2}));                // camera 10 ms > 9.5
    QVERIFY(p.feasible({0, SchedulingProblem::kShed}));
    p.devices[1].uplinkKbps = 0;                 // no link estimate: node unusable
    QVERIFY(!p.available(1, 0));
  }
};

QTEST_GUILESS_MAIN(TestSchedulingProblem)
#include "TestSchedulingProblem.moc"
