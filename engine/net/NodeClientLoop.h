#pragma once
/// @file NodeClientLoop.h
/// The es-client thread's state and loop behind NodeClient (rules in NodeClient.h). Internal.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <zmq.hpp>

#include "net/NodeClientConfig.h"
#include "net/PeerStatus.h"
#include "net/WakeupFd.h"
#include "net/edgescope_node.pb.h"
#include "session/MessageQueue.h"

namespace edgescope {

/// A request handed from a caller thread to the loop.
struct NodeClientSend {
  std::uint64_t id = 0;
  std::string bytes;  ///< encoded Envelope
  std::shared_ptr<std::promise<wire::Envelope>> promise;
  double timeoutAtMs = 0.0;  ///< NetClock ms, 0 = until lost
};

/// submit(), status(), waitOnline() from any thread; run() on es-client; requestStop() from the owner.
class NodeClientLoop {
 public:
  explicit NodeClientLoop(NodeClientConfig config);
  ~NodeClientLoop();

  void run();
  void requestStop();
  std::future<wire::Envelope> submit(wire::Envelope envelope, std::uint32_t deadlineMs, int timeoutMs);
  PeerStatus status() const;
  bool waitOnline(int timeoutMs) const;
  const NodeClientConfig& config() const { return config_; }

 private:
  void connect();
  void sendOutbox(double nowMs);
  void receiveAll(double nowMs);
  void handle(const wire::Envelope& envelope, double nowMs);
  void timers(double nowMs);
  bool sendControl(wire::Envelope envelope);
  void setState(PeerState state, const std::string& why);
  void failAll(const std::string& why);
  void fail(std::shared_ptr<std::promise<wire::Envelope>>& promise, const std::string& why);
  void rttSample(std::uint64_t echoSentAtUs);
  std::string peerText() const { return "peer " + config_.address; }

  NodeClientConfig config_;
  zmq::context_t context_;
  std::unique_ptr<zmq::socket_t> socket_;
  WakeupFd wake_;
  MessageQueue<NodeClientSend> outbox_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::uint64_t> nextId_{1};
  struct Pending {
    std::shared_ptr<std::promise<wire::Envelope>> promise;
    double timeoutAtMs = 0.0;
  };
  std::map<std::uint64_t, Pending> pending_;  ///< loop thread only
  double lastReplyMs_ = 0.0;
  double lastHelloMs_ = -1e18;
  double lastHeartbeatMs_ = 0.0;
  std::uint64_t heartbeatSeq_ = 0;
  mutable std::mutex mutex_;  ///< guards status_
  mutable std::condition_variable changed_;
  PeerStatus status_;
};

}  // namespace edgescope
