// BatchCost: the fixed + per-patch fit from batch-1 and batch-8 medians, and the emulation that holds a batch until
// the emulated device's time (never shorter than the real run).
#include <QtTest>

#include <chrono>
#include <cmath>

#include "paraloupe/BatchCost.h"

using namespace edgescope;

class TestBatchCost : public QObject {
  Q_OBJECT
 private slots:
  void fit() {
    const BatchCost cost = BatchCost::fit(3.0, 10.0);  // 2 + 1·n
    QVERIFY(std::abs(cost.patchMs - 1.0) < 1e-12);
    QVERIFY(std::abs(cost.batchMs - 2.0) < 1e-12);
    QVERIFY(std::abs(cost.ms(4) - 6.0) < 1e-12);
    const BatchCost scaled = cost.scaled(2.5);
    QVERIFY(std::abs(scaled.ms(8) - 25.0) < 1e-12);
  }
  void fitNeverNegative() {
    const BatchCost noisy = BatchCost::fit(5.0, 4.0);  // batch 8 faster than batch 1: noise
    QVERIFY(noisy.patchMs > 0.0);
    QVERIFY(noisy.batchMs >= 0.0);
    const BatchCost bad = BatchCost::fit(std::nan(""), 8.0);
    QVERIFY(std::isfinite(bad.batchMs) && std::isfinite(bad.patchMs));
  }
  void emulateHoldsUntilTheDeviceTime() {
    const auto start = std::chrono::steady_clock::now();
    QCOMPARE(BatchCost::emulate(1.0, 30.0), 30.0);
    const double sleptMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    QVERIFY(sleptMs >= 28.0);
    QCOMPARE(BatchCost::emulate(12.0, 5.0), 12.0);  // already slower than the device: no sleep
  }
};

QTEST_GUILESS_MAIN(TestBatchCost)
#include "TestBatchCost.moc"
