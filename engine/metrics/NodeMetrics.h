#pragma once
/// @file NodeMetrics.h
/// An edge node's own counters (NodeServer::stats()) as series, label node = the node's name:
///   edgescope_frames_processed_total{node}          counter: frame requests answered with a result
///   edgescope_node_requests_total{node,outcome}     counter: outcome served, busy, deadline_exceeded, failed,
///                                                   not_handshaken
///   edgescope_node_dropped_messages_total{node}     counter: undecodable messages dropped without reply
///   edgescope_node_refused_keys_total{node}         counter: CURVE handshakes refused
///   edgescope_node_queue_depth{node}                gauge: requests waiting or running
///   edgescope_node_busy_seconds_total{node}         counter: time the compute thread spent computing
///   edgescope_link_bytes_total{direction,node}      counter: payload bytes received (up) and sent (down)
///
/// Threads: update() from one thread at a time (MetricsServer's scrape hook serialises it); scrapes read the series
/// on civetweb's threads.

#include <string>

#include "metrics/CumulativeCounter.h"
#include "net/NodeServerStats.h"

#include "metrics/PrometheusFwd.h"

namespace edgescope {

class NodeMetrics {
 public:
  /// Adds the series of node @p nodeName to @p registry (which must outlive this object).
  NodeMetrics(prometheus::Registry& registry, const std::string& nodeName);

  /// Takes the server's counters as they are now.
  void update(const NodeServerStats& stats);

 private:
  CumulativeCounter processed_, served_, busy_, deadlineExceeded_, failed_, notHandshaken_, dropped_, refusedKeys_,
      busySeconds_, bytesUp_, bytesDown_;
  prometheus::Gauge& queueDepth_;
};

}  // namespace edgescope
