#include "net/NodeClientLoop.h"

#include <algorithm>
#include <array>
#include <limits>

#include "link/LinkClock.h"
#include "net/NetClock.h"
#include "net/WireCodec.h"
#include "util/Error.h"

namespace edgescope {

namespace {

constexpr int kPollMs = 50;
constexpr std::uint64_t kUsPerMs = 1000;
constexpr double kRttAlpha = 0.25;

}  // namespace

NodeClientLoop::NodeClientLoop(NodeClientConfig config) : config_(std::move(config)), context_(1) {
  status_.address = config_.address;
}

NodeClientLoop::~NodeClientLoop() {
  failAll(peerText() + ": client stopped");
  for (NodeClientSend& send : outbox_.drain()) fail(send.promise, peerText() + ": client stopped");
}

void NodeClientLoop::connect() {
  if (socket_) socket_->close();
  socket_ = std::make_unique<zmq::socket_t>(context_, zmq::socket_type::dealer);
  socket_->set(zmq::sockopt::linger, 0);
  socket_->set(zmq::sockopt::immediate, 1);  // nothing queues for a connection that is not up (or refused)
  socket_->set(zmq::sockopt::maxmsgsize, static_cast<std::int64_t>(WireCodec::kMaxMessageBytes + (64u << 10)));
  if (config_.keys) {
    socket_->set(zmq::sockopt::curve_serverkey, config_.serverPublicKey);
    socket_->set(zmq::sockopt::curve_publickey, config_.keys->publicKey());
    socket_->set(zmq::sockopt::curve_secretkey, config_.keys->secretKey());
  }
  try {
    socket_->connect(config_.address);
  } catch (const zmq::error_t& error) {
    throw Error(peerText() + ": cannot connect: " + error.what());
  }
  lastHelloMs_ = -1e18;
  uplinkHeld_.clear();  // meant for the old connection; their requests failed with the loss
  downlinkHeld_.clear();
}

void NodeClientLoop::requestStop() {
  stopping_ = true;
  wake_.signal();
}

void NodeClientLoop::run() {
  try {
    connect();
  } catch (const Error& error) {
    setState(PeerState::Lost, error.what());
    std::lock_guard<std::mutex> lock(mutex_);
    status_.lastError = error.what();
    return;
  }
  lastReplyMs_ = NetClock::nowMs();
  while (!stopping_) {
    try {
      waitForWork();
    } catch (const zmq::error_t&) {
      break;
    }
    try {
      receiveAll(NetClock::nowMs());
      releaseDownlink(NetClock::nowUs());
      sendOutbox(NetClock::nowMs());
      timers(NetClock::nowMs());
      releaseUplink(NetClock::nowUs());
    } catch (const std::exception& error) {  // e.g. no socket could be made: stay lost, retry next round
      setState(PeerState::Lost, error.what());
      std::lock_guard<std::mutex> lock(mutex_);
      status_.lastError = peerText() + ": " + error.what();
    }
  }
  failAll(peerText() + ": client stopped");
  for (NodeClientSend& send : outbox_.drain()) fail(send.promise, peerText() + ": client stopped");
  socket_->close();
}

void NodeClientLoop::waitForWork() {
  long timeoutMs = kPollMs;
  std::uint64_t dueUs = std::numeric_limits<std::uint64_t>::max();
  if (!uplinkHeld_.empty()) dueUs = uplinkHeld_.begin()->first;
  if (!downlinkHeld_.empty()) dueUs = std::min(dueUs, downlinkHeld_.begin()->first);
  if (dueUs != std::numeric_limits<std::uint64_t>::max()) {
    const std::uint64_t nowUs = NetClock::nowUs();
    const std::uint64_t waitUs = dueUs > nowUs ? dueUs - nowUs : 0;
    if (waitUs < kUsPerMs) {
      delayUntil(dueUs);  // poll() counts whole ms: sleep the remainder (< 1 ms) instead
      timeoutMs = 0;
    } else {
      timeoutMs = std::min<long>(kPollMs, static_cast<long>(waitUs / kUsPerMs));  // wakes before the due time
    }
  }
  std::array<zmq::pollitem_t, 2> items = {zmq::pollitem_t{socket_->handle(), 0, ZMQ_POLLIN, 0},
                                          zmq::pollitem_t{nullptr, wake_.fd(), ZMQ_POLLIN, 0}};
  try {
    zmq::poll(items.data(), items.size(), std::chrono::milliseconds(timeoutMs));
  } catch (const zmq::error_t& error) {
    if (error.num() != EINTR) throw;
    return;
  }
  if (items[1].revents & ZMQ_POLLIN) wake_.clear();
}

std::future<wire::Envelope> NodeClientLoop::submit(wire::Envelope envelope, std::uint32_t deadlineMs, int timeoutMs) {
  NodeClientSend send;
  send.id = nextId_++;
  envelope.set_version(WireCodec::kProtocolVersion);
  envelope.set_request_id(send.id);
  envelope.set_deadline_ms(deadlineMs);
  envelope.set_sent_at_us(NetClock::nowUs());
  send.bytes = WireCodec::encode(envelope);
  send.promise = std::make_shared<std::promise<wire::Envelope>>();
  send.timeoutAtMs = timeoutMs > 0 ? NetClock::nowMs() + timeoutMs : 0.0;
  std::future<wire::Envelope> future = send.promise->get_future();
  outbox_.push(std::move(send));
  wake_.signal();
  return future;
}

void NodeClientLoop::sendOutbox(double nowMs) {
  for (NodeClientSend& send : outbox_.drain()) {
    PeerState state;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      state = status_.state;
    }
    if (state == PeerState::Lost) {
      fail(send.promise, peerText() + ": lost; request " + std::to_string(send.id) + " not sent");
      continue;
    }
    const Sent sent = transmit(send.id, std::move(send.bytes));
    if (sent == Sent::Refused) {
      fail(send.promise, peerText() + ": not connected; request " + std::to_string(send.id) + " not sent");
      continue;
    }
    pending_[send.id] = Pending{send.promise, send.timeoutAtMs};
    if (sent == Sent::LostOnLink) lostOnLink(send.id, nowMs);
    std::lock_guard<std::mutex> lock(mutex_);
    status_.pending = pending_.size();
  }
}

NodeClientLoop::Sent NodeClientLoop::transmit(std::uint64_t id, std::string bytes) {
  if (!config_.link) return write(bytes) ? Sent::Written : Sent::Refused;
  const LinkDelivery delivery = config_.link->uplink().schedule(bytes.size(), NetClock::nowUs());
  if (delivery.dropped) return Sent::LostOnLink;  // counted in link->stats().uplink.droppedMessages
  uplinkHeld_.emplace(delivery.deliveryUs, HeldSend{id, std::move(bytes)});
  return Sent::Held;
}

bool NodeClientLoop::write(const std::string& bytes) {
  try {
    if (!socket_->send(zmq::buffer(bytes), zmq::send_flags::dontwait)) return false;
  } catch (const zmq::error_t&) {
    return false;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  status_.bytesSent += bytes.size();
  return true;
}

void NodeClientLoop::releaseUplink(std::uint64_t nowUs) {
  while (!uplinkHeld_.empty() && uplinkHeld_.begin()->first <= nowUs) {
    const HeldSend held = std::move(uplinkHeld_.begin()->second);
    uplinkHeld_.erase(uplinkHeld_.begin());
    if (write(held.bytes)) continue;
    auto found = pending_.find(held.id);  // hellos and heartbeats are not pending: nothing to fail
    if (found == pending_.end()) continue;
    fail(found->second.promise, peerText() + ": not connected; request " + std::to_string(held.id) + " not sent");
    pending_.erase(found);
    std::lock_guard<std::mutex> lock(mutex_);
    status_.pending = pending_.size();
  }
}

void NodeClientLoop::lostOnLink(std::uint64_t requestId, double nowMs) {
  auto found = pending_.find(requestId);
  if (found != pending_.end() && found->second.timeoutAtMs <= 0.0) {
    found->second.timeoutAtMs = nowMs + config_.lostAfterMs;  // a lost message never comes: do not wait forever
  }
}

void NodeClientLoop::receiveAll(double nowMs) {
  for (int i = 0; i < 256 && socket_; ++i) {
    zmq::message_t message;
    try {
      if (!socket_->recv(message, zmq::recv_flags::dontwait)) return;
    } catch (const zmq::error_t&) {
      return;
    }
    LinkDelivery delivery;
    if (config_.link) delivery = config_.link->downlink().schedule(message.size(), NetClock::nowUs());
    wire::Envelope envelope;
    try {
      envelope = WireCodec::decode(message.data(), message.size());
    } catch (const Error& error) {
      if (delivery.dropped) continue;  // never arrived
      std::lock_guard<std::mutex> lock(mutex_);
      ++status_.droppedReplies;
      status_.lastError = peerText() + ": undecodable reply: " + error.what();
      continue;
    }
    if (delivery.dropped) {
      lostOnLink(envelope.request_id(), nowMs);
    } else if (config_.link) {
      downlinkHeld_.emplace(delivery.deliveryUs, HeldReply{std::move(envelope), message.size()});
    } else {
      accept(envelope, message.size(), nowMs);
    }
  }
}

void NodeClientLoop::releaseDownlink(std::uint64_t nowUs) {
  while (!downlinkHeld_.empty() && downlinkHeld_.begin()->first <= nowUs) {
    const HeldReply held = std::move(downlinkHeld_.begin()->second);
    downlinkHeld_.erase(downlinkHeld_.begin());
    accept(held.envelope, held.bytes, NetClock::nowMs());  // liveness counts from the emulated arrival
  }
}

void NodeClientLoop::accept(const wire::Envelope& envelope, std::size_t bytes, double nowMs) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    status_.bytesReceived += bytes;
  }
  lastReplyMs_ = nowMs;
  handle(envelope, nowMs);
}

void NodeClientLoop::handle(const wire::Envelope& envelope, double nowMs) {
  if (envelope.has_hello_reply()) {
    const wire::HelloReply& hello = envelope.hello_reply();
    if (!hello.accepted()) {
      std::lock_guard<std::mutex> lock(mutex_);
      status_.lastError = peerText() + ": handshake refused: " + hello.reason();
      return;
    }
    rttSample(envelope.echo_sent_at_us());
    {
      std::lock_guard<std::mutex> lock(mutex_);
      status_.nodeName = hello.node_name();
      status_.capabilities = hello.capabilities();
    }
    if (status().state != PeerState::Online) setState(PeerState::Online, "handshake accepted by " + hello.node_name());
    return;
  }
  if (envelope.has_heartbeat_ack()) {
    rttSample(envelope.echo_sent_at_us());
    std::lock_guard<std::mutex> lock(mutex_);
    status_.queueDepth = envelope.heartbeat_ack().queue_depth();
    status_.load = envelope.heartbeat_ack().load();
    status_.turboShare = envelope.heartbeat_ack().turbo_share();
  } else if (envelope.has_error() && envelope.error().code() == wire::ERROR_HANDSHAKE_FIRST) {
    setState(PeerState::Connecting, "the node asks for a new handshake (restarted?)");
    lastHelloMs_ = -1e18;
  }
  auto found = pending_.find(envelope.request_id());
  if (found == pending_.end()) return;  // a heartbeat, or a reply that came after its timeout
  std::shared_ptr<std::promise<wire::Envelope>> promise = found->second.promise;
  pending_.erase(found);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    status_.pending = pending_.size();
  }
  if (envelope.has_error()) {
    fail(promise, peerText() + ": " + envelope.error().message() + " (" +
                      wire::ErrorCode_Name(envelope.error().code()) + ")");
  } else {
    promise->set_value(envelope);
  }
}

void NodeClientLoop::timers(double nowMs) {
  const PeerState state = status().state;
  const double silenceMs = nowMs - lastReplyMs_;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    status_.silenceMs = silenceMs;
  }
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (it->second.timeoutAtMs > 0.0 && nowMs > it->second.timeoutAtMs) {
      fail(it->second.promise, peerText() + ": request " + std::to_string(it->first) + " timed out");
      it = pending_.erase(it);
    } else {
      ++it;
    }
  }
  if (silenceMs > config_.lostAfterMs && state != PeerState::Lost) {
    setState(PeerState::Lost, "no reply for " + std::to_string(static_cast<int>(silenceMs)) + " ms");
    failAll(peerText() + ": lost (no reply for " + std::to_string(config_.lostAfterMs) + " ms)");
    connect();  // a fresh socket: nothing stale is delivered when the node returns
    return;
  }
  if (state == PeerState::Online && silenceMs > config_.degradedAfterMs) {
    setState(PeerState::Degraded, "no reply for " + std::to_string(static_cast<int>(silenceMs)) + " ms");
  } else if (state == PeerState::Degraded && silenceMs <= config_.degradedAfterMs) {
    setState(PeerState::Online, "replies again");
  }
  if (state == PeerState::Online || state == PeerState::Degraded) {
    if (nowMs - lastHeartbeatMs_ >= config_.heartbeatMs) {
      lastHeartbeatMs_ = nowMs;
      wire::Envelope beat;
      beat.mutable_heartbeat()->set_seq(++heartbeatSeq_);
      sendControl(std::move(beat));
    }
  } else if (nowMs - lastHelloMs_ >= config_.helloRetryMs) {
    lastHelloMs_ = nowMs;
    wire::Envelope hello;
    hello.mutable_hello()->set_role(config_.role);
    hello.mutable_hello()->set_protocol_version(WireCodec::kProtocolVersion);
    hello.mutable_hello()->set_node_name(config_.name.substr(0, WireCodec::kMaxNameBytes));
    sendControl(std::move(hello));
  }
}

bool NodeClientLoop::sendControl(wire::Envelope envelope) {
  envelope.set_version(WireCodec::kProtocolVersion);
  envelope.set_request_id(nextId_++);
  envelope.set_sent_at_us(NetClock::nowUs());
  const std::uint64_t id = envelope.request_id();
  return transmit(id, WireCodec::encode(envelope)) != Sent::Refused;
}

void NodeClientLoop::rttSample(std::uint64_t echoSentAtUs) {
  const std::uint64_t nowUs = NetClock::nowUs();
  if (echoSentAtUs == 0 || echoSentAtUs > nowUs) return;
  const double rttMs = static_cast<double>(nowUs - echoSentAtUs) / 1000.0;
  std::lock_guard<std::mutex> lock(mutex_);
  status_.lastRttMs = rttMs;
  status_.rttMs = status_.rttMs < 0.0 ? rttMs : (1.0 - kRttAlpha) * status_.rttMs + kRttAlpha * rttMs;
}

void NodeClientLoop::setState(PeerState state, const std::string& why) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (status_.state == state) return;
    status_.state = state;
    if (state == PeerState::Lost) {
      ++status_.lossCount;
      status_.lastError = peerText() + ": lost: " + why;
    }
  }
  changed_.notify_all();
  if (config_.onStateChange) config_.onStateChange(state, why);
}

void NodeClientLoop::failAll(const std::string& why) {
  for (auto& entry : pending_) fail(entry.second.promise, why + "; request " + std::to_string(entry.first) + " failed");
  pending_.clear();
  std::lock_guard<std::mutex> lock(mutex_);
  status_.pending = 0;
}

void NodeClientLoop::fail(std::shared_ptr<std::promise<wire::Envelope>>& promise, const std::string& why) {
  try {
    promise->set_exception(std::make_exception_ptr(Error(why)));
  } catch (const std::future_error&) {  // already satisfied
  }
}

PeerStatus NodeClientLoop::status() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return status_;
}

bool NodeClientLoop::waitOnline(int timeoutMs) const {
  std::unique_lock<std::mutex> lock(mutex_);
  return changed_.wait_for(lock, std::chrono::milliseconds(timeoutMs),
                           [this] { return status_.state == PeerState::Online; });
}

}  // namespace edgescope
