#pragma once
/// @file NodeClient.h
/// A client of one node (ZeroMQ DEALER; issue 6): handshake, heartbeats every 250 ms, liveness (online / degraded /
/// lost after 2 s of silence), round trip (EWMA), and requests answered through futures.
///
/// @code
///   NodeClient client(config);
///   client.start();
///   if (!client.waitOnline(2000)) …;
///   wire::Envelope request;
///   *request.mutable_detect_request() = …;
///   std::future<wire::Envelope> reply = client.request(std::move(request), 500);
///   const wire::Envelope result = reply.get();   // throws Error naming the peer on error, timeout or loss
/// @endcode
///
/// After a loss the client reconnects on its own (fresh socket, hellos every helloRetryMs) and goes back online
/// when the node answers.
///
/// With NodeClientConfig::link every message in both directions crosses the emulated link (bandwidth, rtt, jitter,
/// loss) on the es-client thread: status().rttMs, request round trips, liveness and link->stats() see the emulated
/// network. Messages the link loses are not retransmitted; their requests fail at their timeout (lostAfterMs after
/// the loss when they have none).

#include <cstdint>
#include <future>
#include <memory>
#include <thread>

#include "net/NodeClientConfig.h"
#include "net/PeerStatus.h"
#include "net/edgescope_node.pb.h"

namespace edgescope {

class NodeClientLoop;

/// Thread: one es-client thread owns the socket and the timers. request(), status() and waitOnline() may be called
/// from any thread; start() and stop() from the owner only.
class NodeClient {
 public:
  /// Throws Error naming the address when the keys are incomplete (client pair without the server key or the
  /// reverse) or plain mode is not allowed (NodeAddress::requirePlainAllowed).
  explicit NodeClient(NodeClientConfig config);
  ~NodeClient();  ///< stop()
  NodeClient(const NodeClient&) = delete;
  NodeClient& operator=(const NodeClient&) = delete;

  /// Connects and starts the es-client thread (the handshake follows at once). Throws Error when already started.
  void start();
  /// Stops the thread; pending requests fail with Error "peer ADDR: client stopped". Idempotent.
  void stop();

  /// Sends @p envelope's body (detect_request, track_request, heartbeat…); the client sets version, request_id,
  /// sent_at_us and @p deadlineMs (relative, see Envelope.deadline_ms; 0 = none). The future holds the reply
  /// envelope, or an Error naming the peer address when the reply is an error body, when the peer is lost (also
  /// when it already is), when @p timeoutMs (> 0) passes without reply, or when the client stops. Throws Error at
  /// once when the envelope breaks WireCodec's limits.
  std::future<wire::Envelope> request(wire::Envelope envelope, std::uint32_t deadlineMs = 0, int timeoutMs = 0);

  /// Blocks up to @p timeoutMs until the peer is Online; true when it is.
  bool waitOnline(int timeoutMs) const;
  PeerStatus status() const;
  const NodeClientConfig& config() const;

 private:
  std::unique_ptr<NodeClientLoop> loop_;
  std::thread thread_;
};

}  // namespace edgescope
