#include "paraloupe/cluster/StrategyRouter.h"

#include <cmath>

#include "util/Error.h"

namespace edgescope {

StrategyRouter::StrategyRouter(std::unique_ptr<PartitionRunner> partition, std::unique_ptr<ParaLoupeRunner> paraloupe)
    : partition_(std::move(partition)), paraloupe_(std::move(paraloupe)) {}

std::vector<ParameterSpec> StrategyRouter::parameterSpecs() const {
  std::vector<ParameterSpec> specs = partition_->parameterSpecs();
  for (ParameterSpec& spec : paraloupe_->parameterSpecs()) specs.push_back(std::move(spec));
  return specs;
}

double StrategyRouter::apply(const std::string& id, double value) {
  if (id.rfind("paraloupe.", 0) == 0) return paraloupe_->apply(id, value);
  if (id == "partition.strategy") {
    const auto pl = static_cast<double>(PartitionStrategy::PL);
    if (std::lround(value) == std::lround(pl) && !paraloupeActive()) {
      paraloupe_->loadModel();  // throws naming the file: the strategy stays where it was
      paraloupe_->restart();
    }
  }
  return partition_->apply(id, value);
}

TrackingPipeline::Result StrategyRouter::process(const Frame& frame, TrackingPipeline& local,
                                                 PartitionFrame& partition) {
  return paraloupeActive() ? paraloupe_->process(frame, local, partition)
                           : partition_->process(frame, local, partition);
}

void StrategyRouter::restart() {
  partition_->restart();
  paraloupe_->restart();
}

std::string StrategyRouter::command(const EngineCommand& command) {
  // The cost and the what-if re-solve are ParaLoupe's whatever strategy runs: the cost is the cluster's (shared),
  // and the what-if answers from the last frame PL scheduled.
  using Type = EngineCommand::Type;
  const bool paraloupe =
      command.type == Type::SetNodeCost || command.type == Type::WhatIfLost || command.type == Type::SetRois;
  return paraloupe ? paraloupe_->command(command) : partition_->command(command);
}

std::vector<ClusterNodeView> StrategyRouter::nodes() const {
  return paraloupeActive() ? paraloupe_->nodes() : partition_->nodes();
}

std::vector<std::pair<bool, std::string>> StrategyRouter::takeMessages() {
  std::vector<std::pair<bool, std::string>> messages = partition_->takeMessages();
  for (auto& message : paraloupe_->takeMessages()) messages.push_back(std::move(message));
  return messages;
}

}  // namespace edgescope
