#include "metrics/ClusterMetrics.h"

#include "metrics/MetricFamilies.h"

namespace edgescope {

namespace {
const char* const kStates[] = {"connecting", "online", "degraded", "lost", "stopped"};
}

ClusterMetrics::ClusterMetrics(prometheus::Registry& registry)
    : state_(MetricFamilies::gauge(registry, "edgescope_node_state",
                                   "1 for the state the node is in as the camera sees it, 0 for the others")),
      queueDepth_(MetricFamilies::queueDepth(registry)),
      load_(MetricFamilies::gauge(registry, "edgescope_node_load_ratio", "Busy fraction of the node's compute thread")),
      rtt_(MetricFamilies::gauge(registry, "edgescope_node_rtt_seconds", "Heartbeat round trip to the node (EWMA)")),
      losses_(MetricFamilies::counter(registry, "edgescope_node_losses_total", "Times the node was lost")),
      linkBytes_(MetricFamilies::linkBytes(registry)) {}

ClusterMetrics::NodeSeries& ClusterMetrics::node(const std::string& name) {
  auto it = nodes_.find(name);
  if (it == nodes_.end()) {
    NodeSeries series{CumulativeCounter(losses_.Add({{"node", name}})),
                      CumulativeCounter(linkBytes_.Add({{"direction", "up"}, {"node", name}})),
                      CumulativeCounter(linkBytes_.Add({{"direction", "down"}, {"node", name}}))};
    it = nodes_.emplace(name, series).first;
  }
  return it->second;
}

void ClusterMetrics::update(const std::vector<ClusterNodeView>& nodes) {
  for (const ClusterNodeView& view : nodes) {
    const std::string& name = view.name.empty() ? view.address : view.name;
    NodeSeries& series = node(name);
    for (const char* state : kStates) {
      state_.Add({{"node", name}, {"state", state}}).Set(view.state == state ? 1.0 : 0.0);
    }
    queueDepth_.Add({{"node", name}}).Set(view.queueDepth);
    load_.Add({{"node", name}}).Set(view.load);
    if (view.rttMs >= 0.0) rtt_.Add({{"node", name}}).Set(view.rttMs / 1000.0);
    series.losses.update(view.lossCount);
    series.bytesUp.update(view.uplinkBytes);
    series.bytesDown.update(view.downlinkBytes);
  }
}

}  // namespace edgescope
