#include "metrics/MetricFamilies.h"

namespace edgescope {

prometheus::Family<prometheus::Counter>& MetricFamilies::counter(prometheus::Registry& registry, const char* name,
                                                                 const char* help) {
  return prometheus::BuildCounter().Name(name).Help(help).Register(registry);
}

prometheus::Family<prometheus::Gauge>& MetricFamilies::gauge(prometheus::Registry& registry, const char* name,
                                                             const char* help) {
  return prometheus::BuildGauge().Name(name).Help(help).Register(registry);
}

prometheus::Family<prometheus::Counter>& MetricFamilies::framesProcessed(prometheus::Registry& registry) {
  return counter(registry, "edgescope_frames_processed_total", "Frames tracked (on a node: frame requests served)");
}

prometheus::Family<prometheus::Counter>& MetricFamilies::linkBytes(prometheus::Registry& registry) {
  return counter(registry, "edgescope_link_bytes_total",
                 "Bytes between camera and node (direction up = camera to node, down = node to camera)");
}

prometheus::Family<prometheus::Gauge>& MetricFamilies::queueDepth(prometheus::Registry& registry) {
  return gauge(registry, "edgescope_node_queue_depth", "Requests waiting or running on the node");
}

}  // namespace edgescope
