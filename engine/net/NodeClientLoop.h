#pragma once
/// @file NodeClientLoop.h
/// The es-client thread's state and loop behind NodeClient (rules in NodeClient.h). Internal.
///
/// With an emulated link (NodeClientConfig::link) every message waits in a hold queue on this thread: an outgoing
/// one is scheduled on link->uplink() when it would be sent and written to the socket at its delivery time; an
/// incoming one is scheduled on link->downlink() when it is received and handled at its delivery time. The poll
/// timeout shrinks to the next due time (sub-millisecond remainders are slept). A message the link loses is gone
/// (no retransmission): its request fails at its timeout, or lostAfterMs after the loss when it has none.

#include <atomic>
#include <condition_variable>
#include <cstddef>
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
  /// What became of a message handed to transmit().
  enum class Sent { Written, Held, LostOnLink, Refused };
  /// A message the emulated uplink holds until its delivery time.
  struct HeldSend {
    std::uint64_t id = 0;  ///< request id (a pending request's key; hellos and heartbeats have their own)
    std::string bytes;
  };
  /// A decoded message the emulated downlink holds until its delivery time.
  struct HeldReply {
    wire::Envelope envelope;
    std::size_t bytes = 0;
  };

  void connect();
  void waitForWork();
  void sendOutbox(double nowMs);
  Sent transmit(std::uint64_t id, std::string bytes);
  bool write(const std::string& bytes);
  void releaseUplink(std::uint64_t nowUs);
  void receiveAll(double nowMs);
  void releaseDownlink(std::uint64_t nowUs);
  void accept(const wire::Envelope& envelope, std::size_t bytes, double nowMs);
  void lostOnLink(std::uint64_t requestId, double nowMs);
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
  std::map<std::uint64_t, Pending> pending_;              ///< loop thread only; includes requests the uplink holds
  std::multimap<std::uint64_t, HeldSend> uplinkHeld_;     ///< by delivery time (NetClock µs); loop thread only
  std::multimap<std::uint64_t, HeldReply> downlinkHeld_;  ///< by delivery time (NetClock µs); loop thread only
  double lastReplyMs_ = 0.0;
  double lastHelloMs_ = -1e18;
  double lastHeartbeatMs_ = 0.0;
  std::uint64_t heartbeatSeq_ = 0;
  mutable std::mutex mutex_;  ///< guards status_
  mutable std::condition_variable changed_;
  PeerStatus status_;
};

}  // namespace edgescope
