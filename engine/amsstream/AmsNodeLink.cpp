#include "amsstream/AmsNodeLink.h"

#include <chrono>

#include "ams/SparseUpdateCodec.h"
#include "net/AmsWire.h"
#include "net/NodeClient.h"
#include "util/Error.h"

namespace edgescope {

namespace {

[[noreturn]] void fail(const std::string& request, const std::string& field, const std::string& why) {
  throw Error("AMS link: " + request + ": field " + field + ": " + why);
}

/// The reply's ams body of @p kind (checked by name) for @p sessionId.
const wire::AmsMessage& amsOf(const wire::Envelope& reply, wire::AmsMessage::KindCase kind, const char* kindName,
                              const std::string& request, const std::string& sessionId) {
  if (reply.has_error()) {
    fail(request, "error", reply.error().message() + " (" + wire::ErrorCode_Name(reply.error().code()) + ")");
  }
  if (!reply.has_ams() || reply.ams().kind_case() != kind) {
    fail(request, std::string("ams.") + kindName,
         std::string("missing: the reply holds ") +
             (reply.has_ams() ? std::string("ams.") + AmsWire::kindName(reply.ams()) : "no ams body"));
  }
  if (AmsWire::sessionOf(reply.ams()) != sessionId) {
    fail(request, std::string("ams.") + kindName + ".session_id",
         "'" + AmsWire::sessionOf(reply.ams()) + "', expected '" + sessionId + "'");
  }
  return reply.ams();
}

bool ready(std::future<wire::Envelope>& future, int waitMs) {
  return future.valid() &&
         future.wait_for(std::chrono::milliseconds(waitMs > 0 ? waitMs : 0)) == std::future_status::ready;
}

}  // namespace

AmsNodeLink::AmsNodeLink(NodeClient& client, Options options) : client_(client), options_(std::move(options)) {
  if (!AmsWire::isSessionId(options_.sessionId)) {
    throw Error("AMS link: field 'sessionId': '" + options_.sessionId +
                "' is not a session id (1-64 characters of A-Z a-z 0-9 . _ -, not starting with '.')");
  }
}

std::future<wire::Envelope> AmsNodeLink::send(wire::AmsMessage message, int timeoutMs) {
  wire::Envelope envelope;
  *envelope.mutable_ams() = std::move(message);
  const std::size_t bytes = envelope.ByteSizeLong() + kEnvelopeHeaderBytes;
  std::future<wire::Envelope> future = client_.request(std::move(envelope), 0, timeoutMs);
  stats_.bytesSent += bytes;
  return future;
}

wire::Envelope AmsNodeLink::receive(std::future<wire::Envelope>& future, const std::string& requestName) {
  try {
    wire::Envelope reply = future.get();
    stats_.bytesReceived += reply.ByteSizeLong();
    return reply;
  } catch (const std::exception& error) {
    ++stats_.errors;
    throw Error("AMS link: " + requestName + ": " + error.what());
  }
}

AmsNodeLink::JoinResult AmsNodeLink::joinOnce(const wire::AmsJoin& join, const std::string& weights) {
  wire::AmsMessage message;
  *message.mutable_join() = join;
  message.mutable_join()->set_weights(weights);
  std::future<wire::Envelope> future = send(std::move(message), options_.requestTimeoutMs);
  const wire::Envelope reply = receive(future, "ams.join");
  return counted([&] { return parseJoinReply(reply, options_.sessionId); });
}

AmsNodeLink::JoinResult AmsNodeLink::join(const StreamableModel::Identity& identity, const AmsConfig& config,
                                          const WeightsSource& weights) {
  wire::AmsJoin join;
  join.set_camera_name(options_.cameraName);
  join.set_session_id(options_.sessionId);
  join.set_student_sha256(identity.sha256);
  join.set_layout_hash(identity.layoutHash);
  join.set_parameter_count(identity.parameterCount);
  join.set_model_name(identity.modelName);
  join.set_base_model_sha256(identity.baseModelSha256);
  join.set_version(identity.version);
  *join.mutable_settings() = AmsWire::toWire(config);
  ++stats_.joins;
  JoinResult result = joinOnce(join, {});
  if (!result.needWeights || !weights) return result;
  const std::string bytes = AmsWire::packWeights(weights());  // need_weights: the one-off upload
  result = joinOnce(join, bytes);
  result.uploadedWeights = true;
  ++stats_.weightUploads;
  stats_.weightBytes += bytes.size();
  return result;
}

AmsNodeLink::ResyncResult AmsNodeLink::resync(const StreamableModel::Identity& identity, const WeightsSource& weights) {
  const auto once = [&](const std::string& bytes) {
    wire::AmsMessage message;
    wire::AmsResync* resync = message.mutable_resync();
    resync->set_session_id(options_.sessionId);
    resync->set_version(identity.version);
    resync->set_sha256(identity.sha256);
    resync->set_weights(bytes);
    std::future<wire::Envelope> future = send(std::move(message), options_.requestTimeoutMs);
    const wire::Envelope reply = receive(future, "ams.resync");
    return counted([&] { return parseResyncReply(reply, options_.sessionId); });
  };
  ++stats_.resyncs;
  ResyncResult result = once({});
  if (!result.needWeights || !weights) return result;
  const std::string bytes = AmsWire::packWeights(weights());
  result = once(bytes);
  result.uploadedWeights = true;
  ++stats_.weightUploads;
  stats_.weightBytes += bytes.size();
  return result;
}

std::uint64_t AmsNodeLink::sendSamples(const AmsFrameBatch& batch, const std::vector<double>& frameAgeMs) {
  if (samples_.valid())
    throw Error("AMS link: ams.samples: batch #" + std::to_string(samplesSequence_) + " still awaits its reply");
  if (frameAgeMs.size() != static_cast<std::size_t>(batch.frameCount)) {
    throw Error("AMS link: ams.samples: field frame_age_ms: " + std::to_string(frameAgeMs.size()) + " ages for " +
                std::to_string(batch.frameCount) + " frames");
  }
  wire::AmsMessage message;
  wire::AmsSamples* samples = message.mutable_samples();
  samples->set_session_id(options_.sessionId);
  samples->set_sequence(++sequence_);
  samples->set_codec(static_cast<wire::AmsCodec>(static_cast<int>(batch.codec)));
  samples->set_width(static_cast<std::uint32_t>(batch.width));
  samples->set_height(static_cast<std::uint32_t>(batch.height));
  samples->set_frame_count(static_cast<std::uint32_t>(batch.frameCount));
  samples->set_payload(batch.payload);
  for (double age : frameAgeMs) samples->add_frame_age_ms(age);
  samples_ = send(std::move(message), options_.requestTimeoutMs);
  samplesSequence_ = sequence_;
  stats_.samplePayloadBytes += batch.payload.size();
  ++stats_.batches;
  return sequence_;
}

std::optional<AmsNodeLink::SamplesResult> AmsNodeLink::takeSamplesReply(int waitMs) {
  if (!ready(samples_, waitMs)) return std::nullopt;
  const std::string name = "ams.samples #" + std::to_string(samplesSequence_);
  const wire::Envelope reply = receive(samples_, name);
  return counted([&] { return parseSamplesReply(reply, options_.sessionId, samplesSequence_); });
}

void AmsNodeLink::startPoll(std::uint64_t version, std::uint32_t waitMs) {
  if (poll_.valid())
    throw Error("AMS link: ams.poll: a poll from version " + std::to_string(pollVersion_) + " is still in flight");
  wire::AmsMessage message;
  message.mutable_poll()->set_session_id(options_.sessionId);
  message.mutable_poll()->set_version(version);
  message.mutable_poll()->set_wait_ms(waitMs);
  // The node holds the poll up to waitMs (0: 2 · T_update ≤ 2 · ams.atrMaxS); the request may wait that long.
  const int holdMs = waitMs > 0 ? static_cast<int>(waitMs) : 2 * 600 * 1000;
  poll_ = send(std::move(message), holdMs + options_.pollSlackMs);
  pollVersion_ = version;
}

std::optional<AmsNodeLink::UpdateResult> AmsNodeLink::takeUpdate(int waitMs) {
  if (!ready(poll_, waitMs)) return std::nullopt;
  const wire::Envelope reply = receive(poll_, "ams.poll from version " + std::to_string(pollVersion_));
  UpdateResult result = counted([&] { return parseUpdate(reply, options_.sessionId, pollVersion_); });
  if (result.hasUpdate) {
    ++stats_.updates;
    stats_.updateBytes += result.updateBytes;
  } else {
    ++stats_.emptyPolls;
  }
  return result;
}

AmsNodeLink::JoinResult AmsNodeLink::parseJoinReply(const wire::Envelope& reply, const std::string& sessionId) {
  const wire::AmsJoinReply& r =
      amsOf(reply, wire::AmsMessage::kJoinReply, "join_reply", "ams.join", sessionId).join_reply();
  JoinResult result;
  result.accepted = r.accepted();
  result.resumed = r.resumed();
  result.nodeVersion = r.version();
  result.rateFps = r.rate_fps();
  result.updateIntervalS = r.update_interval_s();
  result.freeSessions = r.free_sessions();
  result.reason = r.reason();
  if (result.accepted && (result.rateFps <= 0.0 || result.updateIntervalS <= 0.0)) {
    fail("ams.join", "ams.join_reply.rate_fps/update_interval_s", "an accepted join needs a rate and T_update > 0");
  }
  if (!result.accepted && !r.need_weights() && result.reason.empty()) {
    fail("ams.join", "ams.join_reply.reason", "refused without a reason");
  }
  result.needWeights = r.need_weights();
  return result;
}

AmsNodeLink::SamplesResult AmsNodeLink::parseSamplesReply(const wire::Envelope& reply, const std::string& sessionId,
                                                          std::uint64_t sequence) {
  const std::string name = "ams.samples #" + std::to_string(sequence);
  const wire::AmsSamplesReply& r =
      amsOf(reply, wire::AmsMessage::kSamplesReply, "samples_reply", name, sessionId).samples_reply();
  if (r.sequence() != sequence) {
    fail(name, "ams.samples_reply.sequence", std::to_string(r.sequence()) + ", expected " + std::to_string(sequence));
  }
  if (r.rate_fps() <= 0.0 || r.update_interval_s() <= 0.0) {
    fail(name, "ams.samples_reply.rate_fps/update_interval_s", "must be > 0");
  }
  SamplesResult result;
  result.sequence = r.sequence();
  result.accepted = r.accepted();
  result.rateFps = r.rate_fps();
  result.updateIntervalS = r.update_interval_s();
  result.atrSlowdown = r.atr_slowdown();
  result.phiMean = r.phi_mean();
  result.bufferedSamples = r.buffered_samples();
  result.nodeVersion = r.version();
  return result;
}

AmsNodeLink::UpdateResult AmsNodeLink::parseUpdate(const wire::Envelope& reply, const std::string& sessionId,
                                                   std::uint64_t pollVersion) {
  const std::string name = "ams.poll from version " + std::to_string(pollVersion);
  const wire::AmsUpdate& u = amsOf(reply, wire::AmsMessage::kUpdate, "update", name, sessionId).update();
  UpdateResult result;
  result.resync = u.resync();
  result.nodeVersion = u.version();
  result.stalenessMs = u.staleness_ms();
  result.trainMs = u.train_ms();
  result.ageMs = u.age_ms();
  result.lossBefore = u.loss_before();
  result.lossAfter = u.loss_after();
  result.f1Before = u.f1_before();
  result.f1After = u.f1_after();
  result.bufferedSamples = u.buffered_samples();
  for (const wire::AmsLayerCount& layer : u.layers()) result.layers.emplace_back(layer.layer(), layer.count());
  if (u.update().empty()) return result;
  if (u.base_version() != pollVersion) {
    fail(name, "ams.update.base_version",
         std::to_string(u.base_version()) + ", the poll asked for " + std::to_string(pollVersion));
  }
  try {
    result.update = SparseUpdateCodec::decode(u.update());
  } catch (const Error& error) {
    fail(name, "ams.update.update", error.what());
  }
  if (result.update.version != u.version() || result.update.baseVersion != u.base_version()) {
    fail(name, "ams.update.update",
         "its versions " + std::to_string(result.update.baseVersion) + " -> " + std::to_string(result.update.version) +
             " differ from the reply's " + std::to_string(u.base_version()) + " -> " + std::to_string(u.version()));
  }
  result.hasUpdate = true;
  result.updateBytes = u.update().size();
  return result;
}

AmsNodeLink::ResyncResult AmsNodeLink::parseResyncReply(const wire::Envelope& reply, const std::string& sessionId) {
  const wire::AmsResyncReply& r =
      amsOf(reply, wire::AmsMessage::kResyncReply, "resync_reply", "ams.resync", sessionId).resync_reply();
  ResyncResult result;
  result.accepted = r.accepted();
  result.nodeVersion = r.version();
  result.needWeights = r.need_weights();
  result.reason = r.reason();
  if (!result.accepted && !r.need_weights() && result.reason.empty()) {
    fail("ams.resync", "ams.resync_reply.reason", "refused without a reason");
  }
  return result;
}

}  // namespace edgescope
