// NodeCostTracker: c_i = max(operator cost, load average); the average follows a step with time constant costWindowS.
#include <QtTest>

#include <cmath>

#include "paraloupe/NodeCostTracker.h"

using namespace edgescope;

class TestNodeCostTracker : public QObject {
  Q_OBJECT
 private slots:
  void maxOfOperatorAndLoad() {
    NodeCostTracker costs;
    QCOMPARE(costs.cost("node1"), 0.0);
    costs.setOperatorCost("node1", 0.9);
    QCOMPARE(costs.cost("node1"), 0.9);
    costs.addLoad("node1", 0.3, 0.0, 300.0);
    QCOMPARE(costs.cost("node1"), 0.9);
    costs.setOperatorCost("node1", 0.1);
    QCOMPARE(costs.cost("node1"), 0.3);
    costs.setOperatorCost("node1", 7.0);  // clamped
    QCOMPARE(costs.operatorCost("node1"), 1.0);
    costs.forget("node1");
    QCOMPARE(costs.cost("node1"), 0.0);
  }
  void loadAverageTimeConstant() {
    NodeCostTracker costs;
    costs.addLoad("n", 0.0, 0.0, 10.0);
    costs.addLoad("n", 1.0, 10.0, 10.0);  // one time constant later: 1 − e^−1 of the step
    QVERIFY(std::abs(costs.loadAverage("n") - (1.0 - std::exp(-1.0))) < 1e-9);
    for (int s = 11; s < 100; ++s) costs.addLoad("n", 1.0, s, 10.0);
    QVERIFY(costs.loadAverage("n") > 0.99);
    costs.addLoad("n", std::nan(""), 101.0, 10.0);  // ignored
    QVERIFY(costs.loadAverage("n") > 0.99);
  }
};

QTEST_GUILESS_MAIN(TestNodeCostTracker)
#include "TestNodeCostTracker.moc"
