#pragma once
/// @file ClusterMetrics.h
/// The camera's view of its edge nodes (EngineStatus::nodes, Cluster::views()) as series, label node = the node's
/// name:
///   edgescope_node_state{node,state}           gauge: 1 for the state the node is in, 0 for the other states
///                                              (connecting, online, degraded, lost, stopped)
///   edgescope_node_queue_depth{node}           gauge: requests waiting or running on the node (last heartbeat)
///   edgescope_node_load_ratio{node}            gauge: busy fraction of the node's compute thread
///   edgescope_node_rtt_seconds{node}           gauge: heartbeat round trip (EWMA), once measured
///   edgescope_node_losses_total{node}          counter: times the node was lost
///   edgescope_link_bytes_total{direction,node} counter: bytes over the (emulated) link, up = camera → node
///
/// Threads: update() from one feeding thread; scrapes read the series on civetweb's threads.

#include <map>
#include <string>
#include <vector>

#include "metrics/CumulativeCounter.h"
#include "session/ClusterNodeView.h"

#include "metrics/PrometheusFwd.h"

namespace edgescope {

class ClusterMetrics {
 public:
  /// Adds the families to @p registry (which must outlive this object).
  explicit ClusterMetrics(prometheus::Registry& registry);

  /// Takes the nodes as they are now. Nodes that disappeared keep their last values.
  void update(const std::vector<ClusterNodeView>& nodes);

 private:
  struct NodeSeries {
    CumulativeCounter losses, bytesUp, bytesDown;
  };
  NodeSeries& node(const std::string& name);

  prometheus::Family<prometheus::Gauge>& state_;
  prometheus::Family<prometheus::Gauge>& queueDepth_;
  prometheus::Family<prometheus::Gauge>& load_;
  prometheus::Family<prometheus::Gauge>& rtt_;
  prometheus::Family<prometheus::Counter>& losses_;
  prometheus::Family<prometheus::Counter>& linkBytes_;
  std::map<std::string, NodeSeries> nodes_;
};

}  // namespace edgescope
