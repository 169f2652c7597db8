#include "net/NodeServer.h"

#include <opencv2/core/utility.hpp>

#include "net/NodeServerLoop.h"
#include "util/Error.h"
#include "util/ThreadName.h"

namespace edgescope {

NodeServer::NodeServer(NodeServerConfig config)
    : config_(std::move(config)), loop_(std::make_unique<NodeServerLoop>(config_)) {}

NodeServer::~NodeServer() { stop(); }

void NodeServer::start() {
  if (running_ || thread_.joinable()) throw Error("net: server " + config_.name + " already started");
  if (config_.threads > 0) cv::setNumThreads(config_.threads);
  const std::string bound = loop_->bind();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    boundAddress_ = bound;
  }
  running_ = true;
  thread_ = std::thread([this] {
    setCurrentThreadName("es-node");
    loop_->run();
  });
  loop_->log("listening on " + bound + (config_.keys ? " (CURVE)" : " (plain, insecure)") + ", detector " +
             config_.detectorSpec);
}

void NodeServer::stop() {
  if (!thread_.joinable()) return;
  loop_->requestStop();
  thread_.join();
  running_ = false;
  loop_->log("stopped");
}

std::string NodeServer::boundAddress() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return boundAddress_;
}

NodeServerStats NodeServer::stats() const { return loop_->stats(); }

}  // namespace edgescope
