#include "net/ZapHandler.h"

#include <array>
#include <vector>

#include <zmq_addon.hpp>

#include "net/CurveKeyPair.h"
#include "util/Error.h"

namespace edgescope {

namespace {

void reply(zmq::socket_t& socket, const std::string& requestId, const char* status, const std::string& text,
           const std::string& userId) {
  std::array<zmq::const_buffer, 6> parts = {zmq::str_buffer("1.0"), zmq::buffer(requestId), zmq::buffer(status, 3),
                                            zmq::buffer(text), zmq::buffer(userId), zmq::const_buffer()};
  zmq::send_multipart(socket, parts, zmq::send_flags::dontwait);
}

}  // namespace

ZapHandler::ZapHandler(zmq::context_t& context, KeyAllowList allowed, LogSink log)
    : socket_(context, zmq::socket_type::rep), allowed_(std::move(allowed)), log_(std::move(log)) {
  socket_.set(zmq::sockopt::linger, 0);
  try {
    socket_.bind(kEndpoint);
  } catch (const zmq::error_t& error) {
    throw Error(std::string("net: cannot bind the ZAP handler ") + kEndpoint + ": " + error.what());
  }
}

void ZapHandler::handleOne() {
  std::vector<zmq::message_t> parts;
  try {
    if (!zmq::recv_multipart(socket_, std::back_inserter(parts), zmq::recv_flags::dontwait)) return;
  } catch (const zmq::error_t&) {
    return;
  }
  // version, request id, domain, address, routing id, mechanism, credentials…
  if (parts.size() < 6 || parts[0].to_string() != "1.0") {
    const std::string requestId = parts.size() > 1 ? parts[1].to_string() : std::string();
    reply(socket_, requestId, "500", "malformed ZAP request", "");
    return;
  }
  const std::string requestId = parts[1].to_string();
  const std::string address = parts[3].to_string();
  const std::string mechanism = parts[5].to_string();
  if (mechanism != "CURVE" || parts.size() < 7 || parts[6].size() != 32) {
    ++refused_;
    if (log_) log_("refused a " + mechanism + " peer from " + address + ": CURVE required");
    reply(socket_, requestId, "400", "CURVE required", "");
    return;
  }
  char key[CurveKeyPair::kZ85KeyChars + 1] = {};
  zmq_z85_encode(key, static_cast<const std::uint8_t*>(parts[6].data()), 32);
  const std::string publicKey(key);
  if (!allowed_.contains(publicKey)) {
    ++refused_;
    if (log_) log_("refused unknown client key " + CurveKeyPair::shortId(publicKey) + "… from " + address);
    reply(socket_, requestId, "400", "unknown client key", "");
    return;
  }
  ++accepted_;
  reply(socket_, requestId, "200", "OK", CurveKeyPair::shortId(publicKey));
}

}  // namespace edgescope
