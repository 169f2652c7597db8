#include "metrics/NodeMetrics.h"

#include "metrics/MetricFamilies.h"

namespace edgescope {

namespace {

prometheus::Counter& outcome(prometheus::Registry& registry, const std::string& node, const char* outcome) {
  return MetricFamilies::counter(registry, "edgescope_node_requests_total", "Compute requests by how they ended")
      .Add({{"node", node}, {"outcome", outcome}});
}

prometheus::Counter& nodeCounter(prometheus::Registry& registry, const std::string& node, const char* name,
                                 const char* help) {
  return MetricFamilies::counter(registry, name, help).Add({{"node", node}});
}

}  // namespace

NodeMetrics::NodeMetrics(prometheus::Registry& registry, const std::string& nodeName)
    : processed_(MetricFamilies::framesProcessed(registry).Add({{"node", nodeName}})),
      served_(outcome(registry, nodeName, "served")),
      busy_(outcome(registry, nodeName, "busy")),
      deadlineExceeded_(outcome(registry, nodeName, "deadline_exceeded")),
      failed_(outcome(registry, nodeName, "failed")),
      notHandshaken_(outcome(registry, nodeName, "not_handshaken")),
      dropped_(nodeCounter(registry, nodeName, "edgescope_node_dropped_messages_total",
                           "Undecodable messages dropped without reply")),
      refusedKeys_(nodeCounter(registry, nodeName, "edgescope_node_refused_keys_total",
                               "CURVE handshakes refused (client key not allowed)")),
      busySeconds_(nodeCounter(registry, nodeName, "edgescope_node_busy_seconds_total",
                               "Time the node's compute thread spent computing")),
      bytesUp_(MetricFamilies::linkBytes(registry).Add({{"direction", "up"}, {"node", nodeName}})),
      bytesDown_(MetricFamilies::linkBytes(registry).Add({{"direction", "down"}, {"node", nodeName}})),
      queueDepth_(MetricFamilies::queueDepth(registry).Add({{"node", nodeName}})) {}

void NodeMetrics::update(const NodeServerStats& stats) {
  processed_.update(stats.served);
  served_.update(stats.served);
  busy_.update(stats.busy);
  deadlineExceeded_.update(stats.deadlineExceeded);
  failed_.update(stats.failed);
  notHandshaken_.update(stats.notHandshaken);
  dropped_.update(stats.dropped);
  refusedKeys_.update(stats.refusedKeys);
  busySeconds_.update(stats.busyUs, 1e-6);
  bytesUp_.update(stats.bytesIn);
  bytesDown_.update(stats.bytesOut);
  queueDepth_.Set(static_cast<double>(stats.queueDepth));
}

}  // namespace edgescope
