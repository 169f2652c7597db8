#include "session/EngineCommand.h"

namespace edgescope {

EngineCommand EngineCommand::of(Type type) {
  EngineCommand command;
  command.type = type;
  return command;
}

EngineCommand EngineCommand::openSource(std::string uri, std::string groundTruthPath) {
  EngineCommand command = of(Type::OpenSource);
  command.uri = std::move(uri);
  command.groundTruthPath = std::move(groundTruthPath);
  return command;
}

EngineCommand EngineCommand::openSourcePaused(std::string uri, std::string groundTruthPath) {
  EngineCommand command = openSource(std::move(uri), std::move(groundTruthPath));
  command.value = 1.0;
  return command;
}

EngineCommand EngineCommand::seek(std::int64_t frameNumber) {
  EngineCommand command = of(Type::Seek);
  command.frame = frameNumber;
  return command;
}

EngineCommand EngineCommand::configurePipeline(std::string detectorSpec, std::string embedderSpec) {
  EngineCommand command = of(Type::ConfigurePipeline);
  command.detectorSpec = std::move(detectorSpec);
  command.embedderSpec = std::move(embedderSpec);
  return command;
}

EngineCommand EngineCommand::setParameter(std::string id, double requestedValue) {
  EngineCommand command = of(Type::SetParameter);
  command.parameterId = std::move(id);
  command.value = requestedValue;
  return command;
}

EngineCommand EngineCommand::startRecording(std::string folder, std::string tool) {
  EngineCommand command = of(Type::StartRecording);
  command.folder = std::move(folder);
  command.tool = std::move(tool);
  return command;
}

EngineCommand EngineCommand::startLocalNodes(int count, std::string profile) {
  EngineCommand command = of(Type::StartLocalNodes);
  command.count = count;
  command.profile = std::move(profile);
  return command;
}

EngineCommand EngineCommand::addNode(std::string address) {
  EngineCommand command = of(Type::AddNode);
  command.node = std::move(address);
  return command;
}

EngineCommand EngineCommand::stopNode(std::string nameOrAddress) {
  EngineCommand command = of(Type::StopNode);
  command.node = std::move(nameOrAddress);
  return command;
}

EngineCommand EngineCommand::killNode(std::string nameOrAddress) {
  EngineCommand command = of(Type::KillNode);
  command.node = std::move(nameOrAddress);
  return command;
}

EngineCommand EngineCommand::setNodeCost(std::string nameOrAddress, double cost) {
  EngineCommand command = of(Type::SetNodeCost);
  command.node = std::move(nameOrAddress);
  command.value = cost;
  return command;
}

EngineCommand EngineCommand::whatIfLost(std::string nameOrAddress) {
  EngineCommand command = of(Type::WhatIfLost);
  command.node = std::move(nameOrAddress);
  return command;
}

EngineCommand EngineCommand::startLocalNodeList(std::string list) {
  EngineCommand command = of(Type::StartLocalNodes);
  command.nodeList = std::move(list);
  return command;
}

EngineCommand EngineCommand::setRois(std::vector<BoundingBox> rois) {
  EngineCommand command = of(Type::SetRois);
  command.rois = std::move(rois);
  return command;
}

EngineCommand EngineCommand::moduleCommand(std::string name) {
  EngineCommand command = of(Type::ModuleCommand);
  command.name = std::move(name);
  return command;
}

}  // namespace edgescope
