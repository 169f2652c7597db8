// ClusterMetrics: node state as one-hot gauges, queue depth, RTT in seconds, link bytes and losses advanced by the
// growth of the camera's cumulative counters.
#include <QtTest>

#include <prometheus/registry.h>

#include "MetricsTestUtil.h"
#include "metrics/ClusterMetrics.h"

using namespace edgescope;
using namespace edgescope::testing;

namespace {
ClusterNodeView view(const std::string& state, std::uint64_t up, std::uint64_t down) {
  ClusterNodeView node;
  node.name = "node1";
  node.address = "tcp://127.0.0.1:5601";
  node.state = state;
  node.queueDepth = 2;
  node.load = 0.25;
  node.rttMs = 12.0;
  node.uplinkBytes = up;
  node.downlinkBytes = down;
  return node;
}
}  // namespace

class TestClusterMetrics : public QObject {
  Q_OBJECT

 private slots:
  void stateQueueAndRtt() {
    prometheus::Registry registry;
    ClusterMetrics metrics(registry);
    metrics.update({view("online", 0, 0)});
    std::string text = exposition(registry);
    QCOMPARE(sample(text, R"(edgescope_node_state{node="node1",state="online"})"), 1.0);
    QCOMPARE(sample(text, R"(edgescope_node_state{node="node1",state="lost"})"), 0.0);
    QCOMPARE(sample(text, R"(edgescope_node_queue_depth{node="node1"})"), 2.0);
    QCOMPARE(sample(text, R"(edgescope_node_load_ratio{node="node1"})"), 0.25);
    QCOMPARE(sample(text, R"(edgescope_node_rtt_seconds{node="node1"})"), 0.012);
    ClusterNodeView lost = view("lost", 0, 0);
    lost.lossCount = 1;
    metrics.update({lost});
    text = exposition(registry);
    QCOMPARE(sample(text, R"(edgescope_node_state{node="node1",state="online"})"), 0.0);
    QCOMPARE(sample(text, R"(edgescope_node_state{node="node1",state="lost"})"), 1.0);
    QCOMPARE(sample(text, R"(edgescope_node_losses_total{node="node1"})"), 1.0);
  }

  void linkBytesGrowAcrossRestarts() {
    prometheus::Registry registry;
    ClusterMetrics metrics(registry);
    metrics.update({view("online", 1000, 300)});
    metrics.update({view("online", 5000, 700)});
    metrics.update({view("online", 200, 50)});  // node restarted: a new link counts from 0
    const std::string text = exposition(registry);
    QCOMPARE(sample(text, R"(edgescope_link_bytes_total{direction="up",node="node1"})"), 5200.0);
    QCOMPARE(sample(text, R"(edgescope_link_bytes_total{direction="down",node="node1"})"), 750.0);
  }

  void unnamedNodeUsesItsAddress() {
    prometheus::Registry registry;
    ClusterMetrics metrics(registry);
    ClusterNodeView node = view("connecting", 0, 0);
    node.name.clear();
    node.rttMs = -1.0;
    metrics.update({node});
    const std::string text = exposition(registry);
    QCOMPARE(sample(text, "edgescope_node_state{node=\"tcp://127.0.0.1:5601\",state=\"connecting\"}"), 1.0);
    QVERIFY(std::isnan(sample(text, "edgescope_node_rtt_seconds{node=\"tcp://127.0.0.1:5601\"}")));
  }
};

QTEST_GUILESS_MAIN(TestClusterMetrics)
#include "TestClusterMetrics.moc"
