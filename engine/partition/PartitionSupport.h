#pragma once
/// @file PartitionSupport.h
/// Installs the partition module into every EngineSession of this process (PartitionModule::setFactory) with one
/// Cluster shared by all sessions: the console's sources all see the same nodes. Called once by programs that link
/// edgescope_partition (console, CLI), before they create sessions.

#include <functional>
#include <memory>
#include <string>

#include "partition/Cluster.h"
#include "session/PartitionModule.h"

namespace edgescope {

class PartitionSupport {
 public:
  /// Makes the module of one stream over the shared cluster.
  using ModuleMaker = std::function<std::unique_ptr<PartitionModule>(std::shared_ptr<Cluster>, const std::string&)>;
  /// Creates the shared cluster (first call only) and installs the factory; returns the cluster. @p maker makes each
  /// stream's module (empty: a PartitionRunner; ParaLoupeSupport passes its router). Thread-safe.
  static std::shared_ptr<Cluster> install(const ClusterOptions& options = {}, ModuleMaker maker = {});
};

}  // namespace edgescope
