// NetworkProfiler: a 64 KB probe over an emulated 10 Mbit/s uplink estimates 10 Mbit/s; patch transfers refine it;
// probes fall due after the interval; unusable samples are ignored.
#include <QtTest>

#include "paraloupe/NetworkProfiler.h"

using namespace edgescope;

class TestNetworkProfiler : public QObject {
  Q_OBJECT
 private slots:
  void probeEstimatesTheUplink() {
    NetworkProfiler profiler;
    QCOMPARE(profiler.uplinkKbps("n"), 0.0);
    QVERIFY(profiler.probeDue("n", 0.0, 15.0));
    // 65536 bytes at 10 000 kbit/s take 52.4288 ms; the empty round trip is 2 ms.
    profiler.addProbe("n", NetworkProfiler::kProbeBytes, 52.4288 + 2.0, 2.0, 0.0);
    QVERIFY(std::abs(profiler.uplinkKbps("n") - 10000.0) < 1e-6);
    QVERIFY(!profiler.probeDue("n", 14.9, 15.0));
    QVERIFY(profiler.probeDue("n", 15.0, 15.0));
  }
  void transfersMoveTheEstimate() {
    NetworkProfiler profiler;
    profiler.addProbe("n", 65536, 54.4288, 2.0, 0.0);  // 10 Mbit/s
    profiler.addTransfer("n", 10000, 16.0);               // 5 Mbit/s
    const double after = profiler.uplinkKbps("n");
    QVERIFY(std::abs(after - (10000.0 + 0.3 * (5000.0 - 10000.0))) < 1e-6);
    profiler.addTransfer("n", 100, 1.0);     // too small to say anything
    profiler.addTransfer("n", 10000, 0.0);   // no time
    profiler.addProbe("n", 65536, 1.0, 2.0, 1.0);  // faster than the empty round trip: ignored
    QCOMPARE(profiler.uplinkKbps("n"), after);
    profiler.forget("n");
    QCOMPARE(profiler.uplinkKbps("n"), 0.0);
  }
};

QTEST_GUILESS_MAIN(TestNetworkProfiler)
#include "TestNetworkProfiler.moc"
