#include "net/WireConvert.h"

#include <cstring>

#include "net/NetClock.h"
#include "net/WireCodec.h"

namespace edgescope {

void WireConvert::toBox(const Detection& detection, wire::Box* box) {
  box->set_x(detection.box.x);
  box->set_y(detection.box.y);
  box->set_w(detection.box.width);
  box->set_h(detection.box.height);
  box->set_score(detection.score);
  box->set_class_id(detection.classId);
}

void WireConvert::toBox(const Track& track, wire::Box* box) {
  box->set_x(track.box.x);
  box->set_y(track.box.y);
  box->set_w(track.box.width);
  box->set_h(track.box.height);
  box->set_score(track.score);
  box->set_track_id(track.id);
  box->set_state(static_cast<int>(track.state));
}

void WireConvert::putDetections(const std::vector<Detection>& detections, bool withEmbeddings,
                                wire::DetectReply* reply) {
  for (const Detection& detection : detections) toBox(detection, reply->add_boxes());
  if (!withEmbeddings || detections.empty()) return;
  const std::size_t dim = detections.front().embedding.size();
  if (dim == 0 || dim > static_cast<std::size_t>(WireCodec::kMaxEmbeddingDim)) return;
  for (const Detection& detection : detections) {
    if (detection.embedding.size() != dim) return;  // mixed sizes: no embeddings rather than wrong ones
  }
  std::string packed(detections.size() * dim * sizeof(float), '\0');
  for (std::size_t i = 0; i < detections.size(); ++i) {
    std::memcpy(&packed[i * dim * sizeof(float)], detections[i].embedding.data(), dim * sizeof(float));
  }
  reply->set_embedding_dim(static_cast<std::uint32_t>(dim));
  reply->set_embeddings(std::move(packed));
}

std::vector<Detection> WireConvert::detections(const google::protobuf::RepeatedPtrField<wire::Box>& boxes) {
  std::vector<Detection> out;
  out.reserve(static_cast<std::size_t>(boxes.size()));
  for (const wire::Box& box : boxes) {
    Detection detection;
    detection.box = {box.x(), box.y(), box.w(), box.h()};
    detection.score = box.score();
    detection.classId = box.class_id();
    out.push_back(std::move(detection));
  }
  return out;
}

std::vector<Detection> WireConvert::detections(const wire::DetectReply& reply) {
  std::vector<Detection> out = detections(reply.boxes());
  const std::size_t dim = reply.embedding_dim();
  if (dim == 0 || reply.embeddings().size() != out.size() * dim * sizeof(float)) return out;
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i].embedding.resize(dim);
    std::memcpy(out[i].embedding.data(), reply.embeddings().data() + i * dim * sizeof(float), dim * sizeof(float));
  }
  return out;
}

std::vector<Track> WireConvert::tracks(const google::protobuf::RepeatedPtrField<wire::Box>& boxes) {
  std::vector<Track> out;
  out.reserve(static_cast<std::size_t>(boxes.size()));
  for (const wire::Box& box : boxes) {
    Track track;
    track.id = box.track_id();
    track.box = {box.x(), box.y(), box.w(), box.h()};
    track.score = box.score();
    track.state = box.state() == 1 ? TrackState::Confirmed : (box.state() == 2 ? TrackState::Lost : TrackState::Tentative);
    out.push_back(track);
  }
  return out;
}

wire::Envelope WireConvert::replyTo(const wire::Envelope& request) {
  wire::Envelope reply;
  reply.set_version(WireCodec::kProtocolVersion);
  reply.set_request_id(request.request_id());
  reply.set_echo_sent_at_us(request.sent_at_us());
  reply.set_sent_at_us(NetClock::nowUs());
  return reply;
}

wire::Envelope WireConvert::errorReply(const wire::Envelope& request, wire::ErrorCode code, const std::string& message) {
  wire::Envelope reply = replyTo(request);
  reply.mutable_error()->set_code(code);
  reply.mutable_error()->set_message(
      ("request " + std::to_string(request.request_id()) + ": " + message).substr(0, WireCodec::kMaxTextBytes));
  return reply;
}

DeepScaleConfig WireConvert::deepScaleConfig(const wire::DeepScaleSettings& settings) {
  DeepScaleConfig config;
  config.mode = settings.adaptive() ? DeepScaleMode::Adaptive : DeepScaleMode::Fixed;
  if (settings.k() > 0) config.apply("deepscale.k", settings.k());
  if (settings.preset() >= 1 && settings.preset() <= 3) {
    config.applyPreset(static_cast<DeepScalePreset>(settings.preset()));
  } else if (settings.gammas_size() == DeepScaleConfig::kGammaCount) {
    for (int i = 0; i < DeepScaleConfig::kGammaCount; ++i) {
      config.apply("deepscale.gamma" + std::to_string(i + 1), settings.gammas(i));
    }
  }
  return config;
}

}  // namespace edgescope
