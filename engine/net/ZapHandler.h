#pragma once
/// @file ZapHandler.h
/// ZeroMQ's authentication protocol (ZAP, RFC 27) for a CURVE server: answers the requests libzmq sends to
/// inproc://zeromq.zap.01 during each handshake, accepting only client keys on a KeyAllowList.

#include <cstdint>
#include <functional>
#include <string>

#include <zmq.hpp>

#include "net/KeyAllowList.h"

namespace edgescope {

/// Owned by the server thread that polls its socket (es-node); not thread-safe. The counters may be read from any
/// thread only through NodeServer's statistics.
class ZapHandler {
 public:
  static constexpr const char* kEndpoint = "inproc://zeromq.zap.01";
  /// Called on the polling thread for every refusal (text names the key's first 8 characters and the address).
  using LogSink = std::function<void(const std::string& line)>;

  /// Binds a REP socket to kEndpoint in @p context (one handler per context). Throws Error when bind fails.
  ZapHandler(zmq::context_t& context, KeyAllowList allowed, LogSink log);

  zmq::socket_t& socket() { return socket_; }
  /// Reads one request from socket() (call when it is readable) and answers 200 (key allowed) or 400. A malformed
  /// request is answered 500 when it can be, and never throws.
  void handleOne();

  std::uint64_t acceptedCount() const { return accepted_; }
  std::uint64_t refusedCount() const { return refused_; }

 private:
  zmq::socket_t socket_;
  KeyAllowList allowed_;
  LogSink log_;
  std::uint64_t accepted_ = 0;
  std::uint64_t refused_ = 0;
};

}  // namespace edgescope
