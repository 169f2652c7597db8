#pragma once
/// @file ParaLoupeSupport.h
/// Installs the partition module with ParaLoupe (StrategyRouter: CO/SO/SOAT/SAT and PL) into every EngineSession of
/// this process, over the one Cluster all sessions share (PartitionSupport). Programs that link
/// edgescope_paraloupe_cluster call it once before they create sessions, after PatchNetRunner::install() so the
/// camera can run the patch model. Local nodes the cluster starts serve the shipped patch model
/// (ParaLoupeRunner::defaultPatchModel()) when it exists.

#include <memory>

#include "partition/Cluster.h"

namespace edgescope {

class ParaLoupeSupport {
 public:
  /// The shared cluster (created on the first call). Thread-safe.
  static std::shared_ptr<Cluster> install(const ClusterOptions& options = {});
};

}  // namespace edgescope
