#pragma once
/// @file MetricFamilies.h
/// Builds (or finds: the registry merges a name registered twice) the metric families more than one feeder uses, so
/// the name and help text of a series are written once. Stateless; any thread (the registry locks).

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

namespace edgescope {

class MetricFamilies {
 public:
  static prometheus::Family<prometheus::Counter>& counter(prometheus::Registry& registry, const char* name,
                                                          const char* help);
  static prometheus::Family<prometheus::Gauge>& gauge(prometheus::Registry& registry, const char* name,
                                                      const char* help);
  /// edgescope_frames_processed_total (camera: {source}; node: {node})
  static prometheus::Family<prometheus::Counter>& framesProcessed(prometheus::Registry& registry);
  /// edgescope_link_bytes_total{direction=up|down,node}: up = camera → node
  static prometheus::Family<prometheus::Counter>& linkBytes(prometheus::Registry& registry);
  /// edgescope_node_queue_depth{node}
  static prometheus::Family<prometheus::Gauge>& queueDepth(prometheus::Registry& registry);
};

}  // namespace edgescope
