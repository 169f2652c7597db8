// NodeMetrics: a node's NodeServerStats as counters (by growth) and gauges; busy time in seconds.
#include <QtTest>

#include <prometheus/registry.h>

#include "MetricsTestUtil.h"
#include "metrics/NodeMetrics.h"

using namespace edgescope;
using namespace edgescope::testing;

class TestNodeMetrics : public QObject {
  Q_OBJECT

 private slots:
  void countersAndGauges() {
    prometheus::Registry registry;
    NodeMetrics metrics(registry, "edge1");
    NodeServerStats stats;
    stats.served = 4;
    stats.busy = 1;
    stats.bytesIn = 40000;
    stats.bytesOut = 900;
    stats.busyUs = 250000;
    stats.queueDepth = 3;
    metrics.update(stats);
    stats.served = 10;
    stats.busyUs = 1750000;
    stats.queueDepth = 0;
    metrics.update(stats);
    const std::string text = exposition(registry);
    QCOMPARE(sample(text, R"(edgescope_frames_processed_total{node="edge1"})"), 10.0);
    QCOMPARE(sample(text, R"(edgescope_node_requests_total{node="edge1",outcome="served"})"), 10.0);
    QCOMPARE(sample(text, R"(edgescope_node_requests_total{node="edge1",outcome="busy"})"), 1.0);
    QCOMPARE(sample(text, R"(edgescope_node_requests_total{node="edge1",outcome="failed"})"), 0.0);
    QCOMPARE(sample(text, R"(edgescope_node_busy_seconds_total{node="edge1"})"), 1.75);
    QCOMPARE(sample(text, R"(edgescope_link_bytes_total{direction="up",node="edge1"})"), 40000.0);
    QCOMPARE(sample(text, R"(edgescope_link_bytes_total{direction="down",node="edge1"})"), 900.0);
    QCOMPARE(sample(text, R"(edgescope_node_queue_depth{node="edge1"})"), 0.0);
  }
};

QTEST_GUILESS_MAIN(TestNodeMetrics)
#include "TestNodeMetrics.moc"
