#include "net/NodeClient.h"

#include "net/NodeAddress.h"
#include "net/NodeClientLoop.h"
#include "util/Error.h"
#include "util/ThreadName.h"

namespace edgescope {

NodeClient::NodeClient(NodeClientConfig config) {
  if (config.keys && !CurveKeyPair::isValidKey(config.serverPublicKey)) {
    throw Error("net: client for " + config.address + ": CURVE needs the server's Z85 public key");
  }
  if (!config.keys) {
    if (!config.serverPublicKey.empty()) {
      throw Error("net: client for " + config.address + ": a server key was given but no client key pair");
    }
    NodeAddress::requirePlainAllowed(config.address, config.insecure, "client for");
  }
  loop_ = std::make_unique<NodeClientLoop>(std::move(config));
}

NodeClient::~NodeClient() { stop(); }

void NodeClient::start() {
  if (thread_.joinable()) throw Error("net: client for " + loop_->config().address + " already started");
  thread_ = std::thread([this] {
    setCurrentThreadName("es-client");
    loop_->run();  // a connect failure ends it with status() Lost and lastError naming the address
  });
}

void NodeClient::stop() {
  if (!thread_.joinable()) return;
  loop_->requestStop();
  thread_.join();
}

std::future<wire::Envelope> NodeClient::request(wire::Envelope envelope, std::uint32_t deadlineMs, int timeoutMs) {
  return loop_->submit(std::move(envelope), deadlineMs, timeoutMs);
}

bool NodeClient::waitOnline(int timeoutMs) const { return loop_->waitOnline(timeoutMs); }

PeerStatus NodeClient::status() const { return loop_->status(); }

const NodeClientConfig& NodeClient::config() const { return loop_->config(); }

}  // namespace edgescope
