#include "amsstream/node/AmsLocalNode.h"

#include "amsstream/node/AmsNodeSessions.h"
#include "net/NodeServer.h"

namespace edgescope {

AmsLocalNode::AmsLocalNode(const Options& options) {
  AmsNodeSessions::Options ams;
  ams.teacherSpec = options.teacherSpec;
  ams.maxSessions = 1;
  ams.stateDir = options.stateDir;
  ams.device = options.device;
  std::function<void(const std::string&)> log = options.log;
  if (!log) log = [](const std::string&) {};
  ams.log = log;
  sessions_ = std::make_shared<AmsNodeSessions>(ams);
  NodeServerConfig config;
  config.bindAddress = "tcp://127.0.0.1:*";
  config.insecure = true;  // loopback only (NodeAddress::requirePlainAllowed)
  config.name = "local-ams";
  config.detectorSpec = "hog";  // detect requests are not this node's job; hog costs nothing to create
  config.ams = sessions_;
  config.log = log;
  server_ = std::make_unique<NodeServer>(config);
  server_->start();
}

AmsLocalNode::~AmsLocalNode() {
  if (server_) server_->stop();
}

std::string AmsLocalNode::address() const { return server_->boundAddress(); }

NodeAmsStats AmsLocalNode::stats() const { return sessions_->stats(); }

}  // namespace edgescope
