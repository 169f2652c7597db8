#pragma once
/// @file PartitionSupport.h
/// Installs the partition module into every EngineSession of this process (PartitionModule::setFactory) with one
/// Cluster shared by all sessions: the console's sources all see the same nodes. Called once by programs that link
/// edgescope_partition (console, CLI), before they create sessions.

#include <memory>

#include "partition/Cluster.h"

namespace edgescope {

class PartitionSupport {
 public:
  /// Creates the shared cluster (first call only) and installs the factory; returns the cluster. Thread-safe.
  static std::shared_ptr<Cluster> install(const ClusterOptions& options = {});
};

}  // namespace edgescope
