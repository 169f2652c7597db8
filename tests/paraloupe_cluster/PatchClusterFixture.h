#pragma once
// Shared by the ParaLoupe cluster tests (header-only; their targets define EDGESCOPE_NODE_EXE and
// EDGESCOPE_MODELS_DIR): the camera's set-up and a cluster of local edgescope-node processes serving the patch model.
#include <QTemporaryDir>

#include <memory>
#include <string>

#include "neural/NeuralDetectors.h"
#include "partition/Cluster.h"
#include "patchnet/PatchNetSupport.h"

namespace edgescope::testing {

/// Registers the neural detectors and the patch network (the camera runs both), keeps the camera's CURVE keys in
/// @p keys (EDGESCOPE_KEYS_DIR) and returns a cluster whose local nodes run EDGESCOPE_NODE_EXE serving the shipped
/// patch_mini model. No node is started: the test calls startLocal() and waits for them to come online.
inline std::shared_ptr<Cluster> setUpPatchCluster(const QTemporaryDir& keys) {
  NeuralDetectors::registerAll();
  PatchNetSupport::install();
  qputenv("EDGESCOPE_KEYS_DIR", keys.path().toUtf8());
  ClusterOptions options;
  options.nodeExecutable = EDGESCOPE_NODE_EXE;
  auto cluster = std::make_shared<Cluster>(options);
  cluster->setPatchModel(std::string(EDGESCOPE_MODELS_DIR) + "/patch_mini.json");
  return cluster;
}

}  // namespace edgescope::testing
