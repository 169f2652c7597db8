#pragma once
/// @file StrategyRouter.h
/// The partition module a program with ParaLoupe installs (issue 20): it composes paper 000's PartitionRunner
/// (CO, SO, SOAT, SAT, the cluster commands, the link knobs) with the ParaLoupeRunner (PL, the paraloupe.* knobs) and
/// hands each frame to the one partition.strategy names. Choosing PL loads the patch model first; when it cannot be
/// loaded the choice is refused (Error naming the file and field) and the strategy keeps its previous value.
/// Commands: SetNodeCost and WhatIfLost go to the ParaLoupeRunner, the cluster commands to the PartitionRunner.
///
/// Thread: the owning engine thread, like the modules it composes.

#include <memory>

#include "paraloupe/cluster/ParaLoupeRunner.h"
#include "partition/PartitionRunner.h"

namespace edgescope {

class StrategyRouter : public PartitionModule {
 public:
  StrategyRouter(std::unique_ptr<PartitionRunner> partition, std::unique_ptr<ParaLoupeRunner> paraloupe);

  std::vector<ParameterSpec> parameterSpecs() const override;
  double apply(const std::string& id, double value) override;
  TrackingPipeline::Result process(const Frame& frame, TrackingPipeline& local, PartitionFrame& partition) override;
  void restart() override;
  std::string command(const EngineCommand& command) override;
  std::vector<ClusterNodeView> nodes() const override;
  std::vector<std::pair<bool, std::string>> takeMessages() override;

  PartitionRunner& partition() { return *partition_; }
  ParaLoupeRunner& paraloupe() { return *paraloupe_; }

 private:
  bool paraloupeActive() const { return partition_->config().strategy == PartitionStrategy::PL; }

  std::unique_ptr<PartitionRunner> partition_;
  std::unique_ptr<ParaLoupeRunner> paraloupe_;
};

}  // namespace edgescope
