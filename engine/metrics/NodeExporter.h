#pragma once
/// @file NodeExporter.h
/// What `edgescope-node --metrics ADDR` serves: a MetricsServer with the node's counters (NodeMetrics, read from
/// @p stats at every scrape, so the node's threads do nothing extra) and edgescope_build_info for its detector.
///
/// Threads: constructed and destroyed on the node's main thread; @p stats runs on civetweb's threads, one scrape at a
/// time.

#include <functional>
#include <memory>
#include <string>

#include "metrics/BuildInfo.h"
#include "metrics/MetricsServer.h"
#include "metrics/NodeMetrics.h"

namespace edgescope {

class NodeExporter {
 public:
  /// Serves on @p address (MetricsServer's forms). @p stats must stay callable until this object is destroyed
  /// (NodeServer::stats() of a server that outlives it). Throws Error naming the address when it cannot serve.
  NodeExporter(const std::string& address, const std::string& nodeName, const std::string& detectorSpec,
               std::function<NodeServerStats()> stats);
  ~NodeExporter();  ///< stops serving before the series and @p stats go

  /// "http://127.0.0.1:9464/metrics".
  std::string url() const { return server_.url(); }

 private:
  MetricsServer server_;
  NodeMetrics metrics_;
  BuildInfo buildInfo_;
  std::function<NodeServerStats()> stats_;
};

}  // namespace edgescope
