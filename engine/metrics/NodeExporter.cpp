#include "metrics/NodeExporter.h"

namespace edgescope {

NodeExporter::NodeExporter(const std::string& address, const std::string& nodeName, const std::string& detectorSpec,
                           std::function<NodeServerStats()> stats)
    : server_(address),
      metrics_(server_.registry(), nodeName),
      buildInfo_(server_.registry(), BuildInfo::describeDetector(detectorSpec)),
      stats_(std::move(stats)) {
  metrics_.update(stats_());
  server_.addScrapeHook([this] { metrics_.update(stats_()); });
}

NodeExporter::~NodeExporter() { server_.stop(); }

}  // namespace edgescope
