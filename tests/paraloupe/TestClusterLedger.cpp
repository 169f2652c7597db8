// ClusterLedger: reservations queue up on a node, a completion restarts what is queued behind it from its time, the backlog never goes negative, and two
// threads reserving at once lose nothing.
#include <QtTest>

#include <thread>

#include "paraloupe/ClusterLedger.h"

using namespace edgescope;

class TestClusterLedger : public QObject {
  Q_OBJECT
 private slots:
  void reservationsQueue() {
    ClusterLedger ledger;
    QCOMPARE(ledger.backlogMs("n", 0.0), 0.0);
    QCOMPARE(ledger.reserve("n", 100.0, 20.0), 120.0);
    QCOMPARE(ledger.reserve("n", 105.0, 10.0), 130.0);  // behind the first
    QCOMPARE(ledger.backlogMs("n", 110.0), 20.0);
    ledger.complete("n", 118.0, 120.0);  // the first ended 2 ms early: the second's 10 ms start now
    QCOMPARE(ledger.backlogMs("n", 118.0), 10.0);
    ledger.complete("n", 200.0, 130.0);  // the second ended late: nothing left
    QCOMPARE(ledger.backlogMs("n", 200.0), 0.0);
    QCOMPARE(ledger.reserve("n", 300.0, 5.0), 305.0);  // an idle node starts now
    ledger.forget("n");
    QCOMPARE(ledger.backlogMs("n", 300.0), 0.0);
  }
  void threadsShareIt() {
    ClusterLedger ledger;
    auto work = [&] {
      for (int i = 0; i < 1000; ++i) ledger.reserve("n", 0.0, 1.0);
    };
    std::thread a(work), b(work);
    a.join();
    b.join();
    QCOMPARE(ledger.backlogMs("n", 0.0), 2000.0);
  }
};

QTEST_GUILESS_MAIN(TestClusterLedger)
#include "TestClusterLedger.moc"
