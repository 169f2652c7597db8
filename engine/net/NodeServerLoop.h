#pragma once
/// @file NodeServerLoop.h
/// The es-node thread's state and loop behind NodeServer: ROUTER socket, ZAP handler, peers, heartbeats, dispatch
/// to the NodeWorker. Internal to NodeServer (rules in NodeServer.h).

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <zmq.hpp>

#include "net/NodeServerConfig.h"
#include "net/NodeServerStats.h"
#include "net/WakeupFd.h"
#include "net/edgescope_node.pb.h"

namespace edgescope {

class NodeWorker;
class ZapHandler;

/// Constructed and bound on the owner's thread, then run() on es-node until requestStop(); stats() from any thread.
class NodeServerLoop {
 public:
  explicit NodeServerLoop(const NodeServerConfig& config);
  ~NodeServerLoop();

  /// Binds the ZAP handler (CURVE mode) and the ROUTER; returns the bound endpoint. Throws Error naming the address.
  std::string bind();
  /// The loop (es-node thread): returns after requestStop(). Closes the sockets before returning.
  void run();
  void requestStop();
  NodeServerStats stats() const;
  void log(const std::string& line) const;

 private:
  struct Peer {
    std::string name;
    double lastSeenMs = 0.0;
  };
  void receiveAll();
  void handle(const std::string& peer, const zmq::message_t& payload);
  void dispatch(const std::string& peer, wire::Envelope& request);
  /// An AMS request: to the service (NodeServerConfig::ams), or ERROR_UNSUPPORTED without one.
  void dispatchAms(const std::string& peer, const wire::Envelope& request, double nowMs);
  /// Sends the AMS service's deferred replies and answers the held polls that can be (update ready or expired).
  void serveAms(double nowMs);
  void replyAms(const std::string& peer, const wire::Envelope& envelope);
  void answerHello(const std::string& peer, const wire::Envelope& request);
  void reply(const std::string& peer, const wire::Envelope& envelope);
  void replyError(const std::string& peer, const wire::Envelope& request, wire::ErrorCode code, const std::string& why);
  void sendBytes(const std::string& peer, const std::string& bytes);
  void flushWorkerReplies();
  void drop(const std::string& peer, const std::string& why);
  void expirePeers(double nowMs);
  double load(double nowMs);

  NodeServerConfig config_;
  zmq::context_t context_;
  zmq::socket_t router_;
  std::unique_ptr<ZapHandler> zap_;
  WakeupFd wake_;
  std::unique_ptr<NodeWorker> worker_;
  std::map<std::string, Peer> peers_;  ///< handshaken peers by routing id
  /// An AMS update poll the I/O thread holds (never the compute queue) until an update exists or untilMs passes.
  struct HeldPoll {
    std::string peer;
    wire::Envelope request;
    double untilMs = 0.0;  ///< NetClock
  };
  std::vector<HeldPoll> held_;
  std::atomic<bool> stopping_{false};
  double lastExpiryMs_ = 0.0;
  double loadWindowStartMs_ = 0.0;
  std::uint64_t loadWindowBusyUs_ = 0;
  std::uint64_t loadWindowTurboUs_ = 0;
  double load_ = 0.0;
  double turboShare_ = 0.0;  ///< Turbo's share of the busy time over the load window (heartbeat_ack.turbo_share)
  double dropLogWindowMs_ = 0.0;
  int dropLogsInWindow_ = 0;
  std::atomic<std::uint64_t> received_{0}, dropped_{0}, handshakes_{0}, notHandshaken_{0}, served_{0},
      deadlineExceeded_{0}, busy_{0}, failed_{0}, bytesIn_{0}, bytesOut_{0}, refusedKeys_{0}, amsRequests_{0},
      amsHeld_{0};
};

}  // namespace edgescope
