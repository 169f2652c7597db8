#pragma once
/// @file PeerStatus.h
/// What a NodeClient knows about its server node: liveness, round trip, load, capabilities, traffic.

#include <cstdint>
#include <string>

#include "net/edgescope_node.pb.h"

namespace edgescope {

/// Liveness of a peer as a client sees it (NodeClientConfig has the times).
enum class PeerState {
  Connecting,  ///< handshake not (yet) accepted
  Online,      ///< handshaken, replies arrive
  Degraded,    ///< handshaken, but no reply for more than degradedAfterMs
  Lost,        ///< no reply for more than lostAfterMs (or the handshake never succeeded); pending requests failed
};

/// Value type (a snapshot); safe to copy between threads.
struct PeerStatus {
  PeerState state = PeerState::Connecting;
  std::string address;        ///< the endpoint connected to
  std::string nodeName;       ///< from the HelloReply
  double rttMs = -1.0;        ///< EWMA (α = 0.25) of heartbeat and hello round trips; −1 before the first
  double lastRttMs = -1.0;    ///< the latest round trip
  double silenceMs = 0.0;     ///< time since the last valid message from the peer
  std::uint32_t queueDepth = 0;  ///< server's requests waiting or running (last heartbeat)
  double load = 0.0;          ///< server's compute busy fraction 0..1 (last heartbeat)
  double turboShare = 0.0;    ///< Turbo: share of the server's busy time spent enhancing, 0..1 (last heartbeat)
  wire::Capabilities capabilities;  ///< from the HelloReply
  std::string lastError;      ///< latest refusal, undecodable reply or loss, empty when none
  std::uint64_t bytesSent = 0;      ///< payload bytes sent (all messages)
  std::uint64_t bytesReceived = 0;  ///< payload bytes received
  std::uint64_t lossCount = 0;      ///< transitions to Lost
  std::uint64_t pending = 0;        ///< requests sent and not answered yet
  std::uint64_t droppedReplies = 0; ///< undecodable messages from the peer

  static const char* stateName(PeerState state) {
    switch (state) {
      case PeerState::Connecting: return "connecting";
      case PeerState::Online: return "online";
      case PeerState::Degraded: return "degraded";
      case PeerState::Lost: return "lost";
    }
    return "?";
  }
};

}  // namespace edgescope
