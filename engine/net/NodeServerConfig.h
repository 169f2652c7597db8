#pragma once
/// @file NodeServerConfig.h
/// Everything a NodeServer needs: where to bind, what to compute with, keys, limits, device emulation.

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "net/CurveKeyPair.h"
#include "net/KeyAllowList.h"
#include "net/NodeAmsService.h"

namespace edgescope {

/// Value type, copied into the server at construction.
struct NodeServerConfig {
  /// ZeroMQ endpoint; "tcp://127.0.0.1:*" binds a free port (NodeServer::boundAddress() tells which).
  std::string bindAddress = "tcp://127.0.0.1:5555";
  std::string detectorSpec = "hog";
  /// ParaLoupe patch model served to PatchRequests (issue 20); "" = none (they are answered ERROR_UNSUPPORTED).
  std::string patchModel;  ///< DetectorFactory spec ("hog", "onnx-yolox:PATH", "jde:PATH" with torch)
  /// The server's CURVE key pair. Without one the server runs plain, which needs insecure = true and a loopback
  /// bindAddress (NodeAddress::requirePlainAllowed).
  std::optional<CurveKeyPair> keys;
  KeyAllowList allowedClients;  ///< client public keys accepted in CURVE mode (empty: every client refused)
  bool insecure = false;
  std::string name = "node";    ///< shown to peers and in logs
  std::string device = "cpu";   ///< "cpu" or "cuda", reported in capabilities
  int threads = 0;              ///< compute threads (cv::setNumThreads when > 0), reported in capabilities
  std::string profile;          ///< device-emulation profile name ("" = native)
  double slowdown = 1.0;        ///< compute time × this factor (≥ 1) when emulating a slower device
  std::size_t maxQueue = 4;     ///< requests waiting or running; more are answered Error BUSY
  /// Turbo (issue 21, NodeTurbo): the enhancer of the jde: detector, "auto" (turbo_<model>.json beside its card) or a
  /// card path; "" or "off" = none. With another detector (no enhancer support) the server is an Error naming it.
  std::string turbo;
  double turboMarginMs = 5.0;        ///< safety margin kept free before every request's due time, ms
  double turboHardThreshold = -1.0;  ///< frames with difficulty below stay at exit 0; < 0 = the card's
  /// AMS model streaming (issue 22): the service AmsMessage bodies go to (AmsNodeSessions, edgescope_ams); null =
  /// none (they are answered ERROR_UNSUPPORTED). The server starts and stops it with its own threads.
  std::shared_ptr<NodeAmsService> ams;
  std::size_t maxPeers = 256;   ///< handshaken peers remembered (least recently seen forgotten beyond)
  int peerExpiryMs = 60000;     ///< a peer silent this long must handshake again
  int dropLogsPerSecond = 20;   ///< dropped-message log lines per second (the counters are always exact)
  /// Log lines (refused keys, dropped messages, start/stop). Runs on the es-node thread (start/stop lines on the
  /// caller's); must not block. Null: lines go to stderr prefixed "edgescope-node NAME: ".
  std::function<void(const std::string& line)> log;
};

}  // namespace edgescope
