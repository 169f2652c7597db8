#pragma once
/// @file NodeAddress.h
/// Checks on ZeroMQ endpoint strings ("tcp://127.0.0.1:5555", "ipc:///tmp/x", "inproc://name").

#include <string>

namespace edgescope {

/// Stateless; any thread.
class NodeAddress {
 public:
  /// True for endpoints only this machine can reach: tcp to 127.x.x.x, localhost or [::1] (any port, including
  /// "*"), ipc:// and inproc://. False for wildcards (tcp://*:N, tcp://0.0.0.0:N), other hosts and interfaces.
  static bool isLoopback(const std::string& endpoint);
  /// Plain (unencrypted, unauthenticated) mode is allowed only with @p insecure = true and a loopback
  /// @p endpoint. Throws Error naming the endpoint and @p who ("server", "client") otherwise.
  static void requirePlainAllowed(const std::string& endpoint, bool insecure, const std::string& who);
};

}  // namespace edgescope
