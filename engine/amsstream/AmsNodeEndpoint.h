#pragma once
/// @file AmsNodeEndpoint.h
/// Where the camera's AMS session goes (issue 22), written as the cluster writes nodes (Cluster::add):
/// "tcp://HOST:PORT#SERVERKEY" for a CURVE node (edgescope-node prints its key at start and must allow this camera's
/// public key), or "tcp://127.0.0.1:PORT" for a plain node on loopback. The camera's own key pair is the cluster's:
/// DIR/camera.{public,secret} under $EDGESCOPE_KEYS_DIR or ~/.config/edgescope/keys, made on first use.

#include <memory>
#include <optional>
#include <string>

#include "net/CurveKeyPair.h"
#include "net/NodeClientConfig.h"

namespace edgescope {

class DuplexLink;

/// Value type; any thread.
struct AmsNodeEndpoint {
  std::string address;    ///< "tcp://HOST:PORT"
  std::string serverKey;  ///< Z85 CURVE key of the node; "" = plain (loopback only)

  /// Parses @p text. Throws Error naming it when it is not tcp://HOST:PORT[#KEY], the key is not a Z85 CURVE key, or
  /// a non-loopback address has no key.
  static AmsNodeEndpoint parse(const std::string& text);
  /// The camera's key pair: @p keysDir (or $EDGESCOPE_KEYS_DIR, or ~/.config/edgescope/keys)/camera.*, made and saved
  /// there when missing; a fresh pair for this run when no folder is usable.
  static CurveKeyPair cameraKeys(const std::string& keysDir);

  /// A NodeClient configuration for this node: CURVE with @p keys (cameraKeys(@p keysDir) when none) or plain, the
  /// liveness times the cluster uses (lost after 1.5 s of silence), and the emulated @p link (may be null).
  NodeClientConfig clientConfig(const std::optional<CurveKeyPair>& keys, const std::string& keysDir,
                                std::shared_ptr<DuplexLink> link) const;
};

}  // namespace edgescope
