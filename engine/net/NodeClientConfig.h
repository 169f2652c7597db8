#pragma once
/// @file NodeClientConfig.h
/// How a NodeClient reaches its node: address, CURVE keys, timings (ms), optional emulated link.

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "link/DuplexLink.h"
#include "net/CurveKeyPair.h"
#include "net/PeerStatus.h"
#include "net/edgescope_node.pb.h"

namespace edgescope {

/// Value type, copied into the client at construction.
struct NodeClientConfig {
  std::string address;              ///< server endpoint, e.g. "tcp://127.0.0.1:5555"
  std::optional<CurveKeyPair> keys; ///< the client's key pair; without it plain mode (needs insecure + loopback)
  std::string serverPublicKey;      ///< Z85 public key of the server (CURVE mode)
  bool insecure = false;
  std::string name = "client";      ///< sent in Hello
  wire::Role role = wire::ROLE_CAMERA;
  int heartbeatMs = 250;            ///< heartbeat period while handshaken
  int helloRetryMs = 200;           ///< hello period while not handshaken
  int degradedAfterMs = 750;        ///< silence that makes an online peer Degraded
  int lostAfterMs = 2000;           ///< silence that makes a peer Lost (the issue's 2 s)
  /// Emulated network between the client and its node (issue 6, device emulation); null = none. Every message in
  /// both directions (requests, hellos, heartbeats, replies) waits out link->uplink() / link->downlink() on the
  /// es-client thread, so round trips, RTT, liveness and link->stats() reflect the emulated network. Shared: the
  /// owner may read stats() and change knobs (apply(), setProfile()) from any thread while the client runs.
  std::shared_ptr<DuplexLink> link;
  /// Called on the es-client thread at every state change with the reason; must not block or call stop().
  std::function<void(PeerState state, const std::string& why)> onStateChange;
};

}  // namespace edgescope
