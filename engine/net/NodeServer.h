#pragma once
/// @file NodeServer.h
/// The edge node service (issue 6): a ZeroMQ ROUTER that serves many peers over the node protocol
/// (edgescope_node.proto). Rules:
/// - A peer must send Hello first; anything else before is answered Error HANDSHAKE_FIRST ("handshake first").
/// - Heartbeats are answered with the queue depth and the compute load; request ids and sent_at_us are echoed.
/// - Detect/Track requests go to a bounded queue (full: Error BUSY) served by one compute thread; a request still
///   queued after its deadline_ms is answered Error DEADLINE_EXCEEDED without running.
/// - Turbo (NodeServerConfig::turbo): detect requests may be enhanced, each one's exit planned over the queue so that
///   no request is predicted to be answered after its due time (NodeTurbo); a reply_within_ms over
///   WireCodec::kMaxReplyWithinMs is answered Error BAD_REQUEST naming the field.
/// - AMS model streaming (issue 22): `ams` bodies go to NodeServerConfig::ams (ERROR_UNSUPPORTED without one);
///   update polls are held on the I/O thread until the service has an update or their wait passes (NodeAmsService).
/// - Undecodable messages (garbage, truncated, oversized, wrong framing) are dropped without reply, counted and
///   logged (rate-limited); an Envelope of another protocol version gets Error VERSION. Messages larger than
///   WireCodec::kMaxMessageBytes + 64 KiB are cut by ZeroMQ itself (ZMQ_MAXMSGSIZE closes that connection).
/// - CURVE mode: a ZAP handler on the es-node thread refuses client keys not on the allow-list (logged with the
///   key's first 8 characters). Plain mode only with insecure = true on a loopback address.
///
/// Framing: a peer (DEALER) sends one frame per message, the encoded Envelope; replies are one frame likewise.

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "net/NodeServerConfig.h"
#include "net/NodeServerStats.h"

namespace edgescope {

class NodeServerLoop;

/// Threads: es-node (sockets, handshakes, heartbeats, ZAP, replies) and es-node-work (compute). Public methods are
/// for the owning thread except stats(), boundAddress() and running(), which any thread may call.
class NodeServer {
 public:
  /// Creates the detector (throws Error naming the spec when it cannot). Nothing is bound yet.
  explicit NodeServer(NodeServerConfig config);
  ~NodeServer();  ///< stop()
  NodeServer(const NodeServer&) = delete;
  NodeServer& operator=(const NodeServer&) = delete;

  /// Binds and starts both threads. Throws Error naming the address when plain mode is not allowed there, when the
  /// address cannot be bound, or when already started.
  void start();
  /// Stops both threads and closes the socket (peers then see the node lost). Idempotent; the server cannot be
  /// started again (make a new one).
  void stop();

  bool running() const { return running_.load(); }
  /// The endpoint actually bound, e.g. "tcp://127.0.0.1:41723" (empty before start()).
  std::string boundAddress() const;
  NodeServerStats stats() const;
  const NodeServerConfig& config() const { return config_; }

 private:
  NodeServerConfig config_;
  std::unique_ptr<NodeServerLoop> loop_;
  std::thread thread_;
  std::atomic<bool> running_{false};
  mutable std::mutex mutex_;
  std::string boundAddress_;
};

}  // namespace edgescope
