#include "net/NodeServerLoop.h"

#include <iostream>
#include <thread>

#include <zmq_addon.hpp>

#include "net/AmsWire.h"
#include "net/NetClock.h"
#include "net/NodeAddress.h"
#include "net/NodeCompute.h"
#include "net/NodeWorker.h"
#include "net/PatchCompute.h"
#include "net/PatchWire.h"
#include "net/WireCodec.h"
#include "net/WireConvert.h"
#include "net/WireValidator.h"
#include "net/ZapHandler.h"
#include "util/Error.h"

namespace edgescope {

namespace {

constexpr int kPollMs = 200;
constexpr std::int64_t kMaxSocketMessageBytes = static_cast<std::int64_t>(WireCodec::kMaxMessageBytes + (64u << 10));
constexpr int kReceiveHighWater = 64;  ///< messages queued per peer before ZeroMQ stops reading its connection
constexpr std::size_t kMaxHeldPolls = 1024;  ///< AMS polls held at once; more are answered ERROR_BUSY

}  // namespace

NodeServerLoop::NodeServerLoop(const NodeServerConfig& config)
    : config_(config),
      context_(1),
      router_(context_, zmq::socket_type::router),
      worker_(std::make_unique<NodeWorker>(
          std::make_unique<NodeCompute>(
              config.detectorSpec, config.slowdown, config.patchModel, config.threads,
              NodeTurbo::Settings{config.turbo, config.turboMarginMs, config.turboHardThreshold}),
          wake_, config.maxQueue)) {}

NodeServerLoop::~NodeServerLoop() {
  worker_->stop();
  if (config_.ams) config_.ams->stop();
}

void NodeServerLoop::log(const std::string& line) const {
  if (config_.log) {
    config_.log(line);
  } else {
    std::cerr << "edgescope-node " << config_.name << ": " << line << std::endl;
  }
}

std::string NodeServerLoop::bind() {
  const std::string& address = config_.bindAddress;
  router_.set(zmq::sockopt::linger, 0);
  router_.set(zmq::sockopt::maxmsgsize, kMaxSocketMessageBytes);
  router_.set(zmq::sockopt::rcvhwm, kReceiveHighWater);
  if (config_.keys) {
    zap_ = std::make_unique<ZapHandler>(context_, config_.allowedClients, [this](const std::string& line) {
      ++refusedKeys_;
      log(line);
    });
    router_.set(zmq::sockopt::curve_server, 1);
    router_.set(zmq::sockopt::curve_secretkey, config_.keys->secretKey());
    router_.set(zmq::sockopt::zap_domain, "edgescope");
  } else {
    NodeAddress::requirePlainAllowed(address, config_.insecure, "server");
  }
  try {
    router_.bind(address);
  } catch (const zmq::error_t& error) {
    throw Error("net: server cannot bind " + address + ": " + error.what());
  }
  worker_->start();
  if (config_.ams) config_.ams->start([this] { wake_.signal(); });
  return router_.get(zmq::sockopt::last_endpoint);
}

void NodeServerLoop::requestStop() {
  stopping_ = true;
  wake_.signal();
}

void NodeServerLoop::run() {
  std::vector<zmq::pollitem_t> items = {{router_.handle(), 0, ZMQ_POLLIN, 0}, {nullptr, wake_.fd(), ZMQ_POLLIN, 0}};
  if (zap_) items.push_back({zap_->socket().handle(), 0, ZMQ_POLLIN, 0});
  while (!stopping_) {
    try {
      zmq::poll(items.data(), items.size(), std::chrono::milliseconds(kPollMs));
    } catch (const zmq::error_t& error) {
      if (error.num() == EINTR) continue;
      log(std::string("poll failed: ") + error.what());
      break;
    }
    if (items[1].revents & ZMQ_POLLIN) wake_.clear();
    try {
      if (zap_ && (items[2].revents & ZMQ_POLLIN)) zap_->handleOne();
      if (items[0].revents & ZMQ_POLLIN) receiveAll();
      flushWorkerReplies();
      expirePeers(NetClock::nowMs());
      if (config_.ams) serveAms(NetClock::nowMs());
    } catch (const std::exception& error) {  // never let one message end the service
      log(std::string("error while serving: ") + error.what());
    }
  }
  worker_->stop();
  if (config_.ams) config_.ams->stop();
  router_.close();
  if (zap_) zap_->socket().close();
}

NodeServerStats NodeServerLoop::stats() const {
  NodeServerStats s;
  s.received = received_;
  s.dropped = dropped_;
  s.refusedKeys = refusedKeys_;
  s.handshakes = handshakes_;
  s.notHandshaken = notHandshaken_;
  s.served = served_;
  s.deadlineExceeded = deadlineExceeded_;
  s.busy = busy_;
  s.failed = failed_;
  s.bytesIn = bytesIn_;
  s.bytesOut = bytesOut_;
  s.queueDepth = worker_->depth();
  s.busyUs = worker_->busyUs();
  s.turboUs = worker_->turboUs();
  s.turboEnhanced = worker_->turboEnhanced();
  s.turboYielded = worker_->turboYielded();
  s.turboMissed = worker_->turboMissed();
  s.turboMissedAfterEnhancing = worker_->turboMissedAfterEnhancing();
  s.amsRequests = amsRequests_;
  s.amsHeldPolls = amsHeld_;
  return s;
}

void NodeServerLoop::receiveAll() {
  for (int i = 0; i < 256 && !stopping_; ++i) {  // bounded batch, then serve replies and timers
    std::vector<zmq::message_t> parts;
    try {
      if (!zmq::recv_multipart(router_, std::back_inserter(parts), zmq::recv_flags::dontwait)) return;
    } catch (const zmq::error_t& error) {
      log(std::string("receive failed: ") + error.what());
      return;
    }
    ++received_;
    const std::string peer = parts.empty() ? std::string() : parts[0].to_string();
    if (parts.size() != 2) {
      drop(peer, "expected 1 payload frame, got " + std::to_string(parts.empty() ? 0 : parts.size() - 1));
      continue;
    }
    bytesIn_ += parts[1].size();
    handle(peer, parts[1]);
  }
}

void NodeServerLoop::handle(const std::string& peer, const zmq::message_t& payload) {
  wire::Envelope request;
  try {
    request = WireCodec::decode(payload.data(), payload.size());
  } catch (const Error& error) {
    wire::Envelope other;  // an Envelope of another version still deserves an answer naming the versions
    if (payload.size() <= WireCodec::kMaxMessageBytes && other.ParseFromArray(payload.data(), int(payload.size())) &&
        other.version() != WireCodec::kProtocolVersion && other.version() != 0) {
      ++dropped_;
      replyError(peer, other, wire::ERROR_VERSION, error.what());
      return;
    }
    drop(peer, error.what());
    return;
  }
  dispatch(peer, request);
}

void NodeServerLoop::dispatch(const std::string& peer, wire::Envelope& request) {
  const double nowMs = NetClock::nowMs();
  if (request.has_hello()) return answerHello(peer, request);
  auto known = peers_.find(peer);
  if (known == peers_.end()) {
    ++notHandshaken_;
    return replyError(peer, request, wire::ERROR_HANDSHAKE_FIRST, "handshake first: send hello");
  }
  known->second.lastSeenMs = nowMs;
  if (request.has_heartbeat()) {
    wire::Envelope ack = WireConvert::replyTo(request);
    ack.mutable_heartbeat_ack()->set_seq(request.heartbeat().seq());
    ack.mutable_heartbeat_ack()->set_queue_depth(static_cast<std::uint32_t>(worker_->depth()));
    ack.mutable_heartbeat_ack()->set_load(load(nowMs));
    ack.mutable_heartbeat_ack()->set_turbo_share(turboShare_);
    return reply(peer, ack);
  }
  if (request.has_bandwidth_probe()) {  // answered at once: the round trip is the measurement
    wire::Envelope ack = WireConvert::replyTo(request);
    ack.mutable_probe_reply()->set_received_bytes(static_cast<std::uint32_t>(request.bandwidth_probe().payload().size()));
    return reply(peer, ack);
  }
  if (request.has_ams()) return dispatchAms(peer, request, nowMs);
  if (request.has_patch_request()) {
    try {  // a malformed request is refused as such, whatever this node serves
      PatchWire::check(request.patch_request());
    } catch (const Error& error) {
      return replyError(peer, request, wire::ERROR_BAD_REQUEST, error.what());
    }
    if (worker_->compute().patches() == nullptr) {
      return replyError(peer, request, wire::ERROR_UNSUPPORTED, "this node serves no patch model (--patch-model)");
    }
  } else if (!request.has_detect_request() && !request.has_track_request()) {
    return replyError(peer, request, wire::ERROR_BAD_REQUEST,
                      std::string("a server does not accept ") + WireCodec::bodyName(request));
  }
  try {
    WireValidator::checkRequest(request);
  } catch (const Error& error) {
    return replyError(peer, request, wire::ERROR_BAD_REQUEST, error.what());
  }
  const std::uint64_t id = request.request_id();
  if (!worker_->submit(NodeJob{peer, std::move(request), nowMs})) {
    ++busy_;
    wire::Envelope stub;
    stub.set_request_id(id);
    replyError(peer, stub, wire::ERROR_BUSY,
               "queue full (" + std::to_string(config_.maxQueue) + " requests waiting or running)");
  }
}

void NodeServerLoop::answerHello(const std::string& peer, const wire::Envelope& request) {
  wire::Envelope answer = WireConvert::replyTo(request);
  wire::HelloReply* hello = answer.mutable_hello_reply();
  hello->set_node_name(config_.name);
  hello->set_protocol_version(WireCodec::kProtocolVersion);
  if (request.hello().protocol_version() != WireCodec::kProtocolVersion) {
    hello->set_accepted(false);
    hello->set_reason("protocol version " + std::to_string(request.hello().protocol_version()) +
                      " not supported; this node speaks " + std::to_string(WireCodec::kProtocolVersion));
    return reply(peer, answer);
  }
  if (peers_.count(peer) == 0 && peers_.size() >= config_.maxPeers) {
    auto oldest = peers_.begin();
    for (auto it = peers_.begin(); it != peers_.end(); ++it) {
      if (it->second.lastSeenMs < oldest->second.lastSeenMs) oldest = it;
    }
    peers_.erase(oldest);
  }
  peers_[peer] = Peer{request.hello().node_name(), NetClock::nowMs()};
  ++handshakes_;
  hello->set_accepted(true);
  wire::Capabilities* caps = hello->mutable_capabilities();
  caps->add_models(worker_->compute().detectorSpec());
  caps->set_device(config_.device);
  caps->set_threads(static_cast<std::uint32_t>(config_.threads > 0 ? config_.threads
                                                                   : std::thread::hardware_concurrency()));
  caps->set_profile(config_.profile);
  caps->set_slowdown(config_.slowdown < 1.0 ? 1.0 : config_.slowdown);
  caps->set_deepscale(worker_->compute().supportsDeepScale());
  caps->set_max_queue(static_cast<std::uint32_t>(config_.maxQueue));
  caps->set_max_message_bytes(static_cast<std::uint32_t>(WireCodec::kMaxMessageBytes));
  caps->set_turbo_model(worker_->compute().turboModel());
  if (config_.ams) config_.ams->fillCapabilities(*caps);
  if (const PatchCompute* patches = worker_->compute().patches()) {
    for (const wire::PatchModelProfile& profile : patches->profiles()) *caps->add_patch_models() = profile;
    caps->set_patch_model_name(patches->name());
  }
  reply(peer, answer);
}

void NodeServerLoop::dispatchAms(const std::string& peer, const wire::Envelope& request, double nowMs) {
  ++amsRequests_;
  if (!config_.ams) {
    return replyError(peer, request, wire::ERROR_UNSUPPORTED,
                      AmsWire::requestName(request) + ": this node serves no AMS model streaming (--ams-teacher)");
  }
  if (!request.ams().has_join() && !request.ams().has_samples() && !request.ams().has_poll() &&
      !request.ams().has_resync()) {
    return replyError(peer, request, wire::ERROR_BAD_REQUEST,
                      std::string("a server does not accept ams.") + AmsWire::kindName(request.ams()));
  }
  if (request.ams().has_poll() && held_.size() >= kMaxHeldPolls) {
    ++busy_;
    return replyError(peer, request, wire::ERROR_BUSY,
                      AmsWire::requestName(request) + ": " + std::to_string(kMaxHeldPolls) + " polls held already");
  }
  NodeAmsService::Action action = config_.ams->handle(peer, request, nowMs);
  switch (action.kind) {
    case NodeAmsService::Action::Kind::Reply:
      return replyAms(peer, action.reply);
    case NodeAmsService::Action::Kind::Deferred:
      return;
    case NodeAmsService::Action::Kind::Hold:
      break;
  }
  // One held poll per (peer, session): a newer one supersedes the older, which gets its empty answer now.
  const std::string& session = request.ams().poll().session_id();
  for (auto it = held_.begin(); it != held_.end(); ++it) {
    if (it->peer == peer && it->request.ams().poll().session_id() == session) {
      if (std::optional<wire::Envelope> answer = config_.ams->resolveHeld(it->request, true)) replyAms(peer, *answer);
      held_.erase(it);
      break;
    }
  }
  held_.push_back(HeldPoll{peer, request, action.holdUntilMs});
  amsHeld_ = held_.size();
}

void NodeServerLoop::serveAms(double nowMs) {
  for (NodeAmsService::Outgoing& out : config_.ams->takeReplies()) replyAms(out.peer, out.envelope);
  for (auto it = held_.begin(); it != held_.end();) {
    if (peers_.count(it->peer) == 0) {  // the peer expired: nobody waits for the answer
      it = held_.erase(it);
      continue;
    }
    std::optional<wire::Envelope> answer = config_.ams->resolveHeld(it->request, nowMs >= it->untilMs);
    if (!answer) {
      ++it;
      continue;
    }
    replyAms(it->peer, *answer);
    it = held_.erase(it);
  }
  amsHeld_ = held_.size();
}

void NodeServerLoop::replyAms(const std::string& peer, const wire::Envelope& envelope) {
  if (envelope.has_error()) {
    ++failed_;
  } else {
    ++served_;
  }
  reply(peer, envelope);
}

void NodeServerLoop::reply(const std::string& peer, const wire::Envelope& envelope) {
  try {
    sendBytes(peer, WireCodec::encode(envelope));
  } catch (const Error& error) {
    log("cannot encode a reply: " + std::string(error.what()));
  }
}

void NodeServerLoop::replyError(const std::string& peer, const wire::Envelope& request, wire::ErrorCode code,
                                const std::string& why) {
  reply(peer, WireConvert::errorReply(request, code, why));
}

void NodeServerLoop::sendBytes(const std::string& peer, const std::string& bytes) {
  std::array<zmq::const_buffer, 2> parts = {zmq::buffer(peer), zmq::buffer(bytes)};
  try {
    if (zmq::send_multipart(router_, parts, zmq::send_flags::dontwait)) bytesOut_ += bytes.size();
  } catch (const zmq::error_t& error) {
    log("cannot send to a peer: " + std::string(error.what()));
  }
}

void NodeServerLoop::flushWorkerReplies() {
  for (NodeReply& out : worker_->takeReplies()) {
    switch (out.error) {
      case wire::ERROR_UNSPECIFIED: ++served_; break;
      case wire::ERROR_DEADLINE_EXCEEDED: ++deadlineExceeded_; break;
      default: ++failed_; break;
    }
    sendBytes(out.peer, out.bytes);
  }
}

void NodeServerLoop::drop(const std::string& peer, const std::string& why) {
  ++dropped_;
  const double nowMs = NetClock::nowMs();
  if (nowMs - dropLogWindowMs_ >= 1000.0) {
    dropLogWindowMs_ = nowMs;
    dropLogsInWindow_ = 0;
  }
  if (++dropLogsInWindow_ <= config_.dropLogsPerSecond) {
    log("dropped a message (" + std::to_string(dropped_.load()) + " so far): " + why);
  }
}

void NodeServerLoop::expirePeers(double nowMs) {
  if (nowMs - lastExpiryMs_ < 1000.0) return;
  lastExpiryMs_ = nowMs;
  for (auto it = peers_.begin(); it != peers_.end();) {
    it = nowMs - it->second.lastSeenMs > config_.peerExpiryMs ? peers_.erase(it) : std::next(it);
  }
}

double NodeServerLoop::load(double nowMs) {
  const double windowMs = nowMs - loadWindowStartMs_;
  if (windowMs >= 1000.0) {
    const std::uint64_t busyUs = worker_->busyUs();
    const std::uint64_t turboUs = worker_->turboUs();
    load_ = std::min(1.0, std::max(0.0, double(busyUs - loadWindowBusyUs_) / 1000.0 / windowMs));
    // Turbo's share of the busy time in the same window (0 when idle).
    turboShare_ =
        busyUs > loadWindowBusyUs_
            ? std::min(1.0, std::max(0.0, double(turboUs - loadWindowTurboUs_) / double(busyUs - loadWindowBusyUs_)))
            : 0.0;
    loadWindowStartMs_ = nowMs;
    loadWindowBusyUs_ = busyUs;
    loadWindowTurboUs_ = turboUs;
  }
  return load_;
}

}  // namespace edgescope
