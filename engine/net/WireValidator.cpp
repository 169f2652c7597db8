#include "net/WireValidator.h"

#include <cmath>
#include <string>

#include "net/AmsWire.h"
#include "net/JpegImage.h"
#include "net/PatchWire.h"
#include "net/WireCodec.h"
#include "util/Error.h"

// A frame the wire accepts must be one JpegImage can encode and decode, and a size it may be resized to no larger.
static_assert(edgescope::WireCodec::kMaxImageSidePx == edgescope::JpegImage::kMaxSidePx &&
                  edgescope::WireCodec::kMaxImagePixels == edgescope::JpegImage::kMaxPixels,
              "wire image limits must match JpegImage's");

namespace edgescope {

namespace {

[[noreturn]] void fail(const std::string& field, const std::string& why) {
  throw Error("wire: field " + field + ": " + why);
}

void checkText(const std::string& text, std::size_t maxBytes, const std::string& field) {
  if (text.size() > maxBytes) {
    fail(field, std::to_string(text.size()) + " bytes exceed " + std::to_string(maxBytes));
  }
}

void checkSide(std::uint32_t px, const std::string& field) {
  if (px > static_cast<std::uint32_t>(WireCodec::kMaxImageSidePx)) {
    fail(field, std::to_string(px) + " px exceeds " + std::to_string(WireCodec::kMaxImageSidePx));
  }
}

/// Width and height are both 0 or both set, each within kMaxImageSidePx.
void checkSize(std::uint32_t width, std::uint32_t height, const std::string& field) {
  checkSide(width, field + "_width");
  checkSide(height, field + "_height");
  if ((width == 0) != (height == 0)) {
    fail(field + "_width/" + field + "_height", std::to_string(width) + "x" + std::to_string(height) +
                                                    ": both must be 0 or both positive");
  }
  if (static_cast<long long>(width) * height > WireCodec::kMaxImagePixels) {
    fail(field + "_width/" + field + "_height", std::to_string(width) + "x" + std::to_string(height) + " exceeds " +
                                                    std::to_string(WireCodec::kMaxImagePixels) + " pixels");
  }
}

void checkMs(double ms, const std::string& field) {
  if (!std::isfinite(ms) || ms < 0.0) fail(field, "must be a finite number ≥ 0, got " + std::to_string(ms));
}

void checkExit(std::uint32_t exit, const std::string& field) {
  if (exit > WireCodec::kMaxTurboExit) {
    fail(field, "exit " + std::to_string(exit) + " exceeds " + std::to_string(WireCodec::kMaxTurboExit));
  }
}

void checkImage(const std::string& jpeg, const std::string& field) {
  if (jpeg.empty()) fail(field, "empty image");
  if (jpeg.size() > WireCodec::kMaxImageBytes) {
    fail(field, std::to_string(jpeg.size()) + " bytes exceed " + std::to_string(WireCodec::kMaxImageBytes));
  }
}

}  // namespace

void WireValidator::validate(const wire::Envelope& envelope) {
  if (envelope.version() != WireCodec::kProtocolVersion) {
    fail("version", "protocol version " + std::to_string(envelope.version()) + ", expected " +
                        std::to_string(WireCodec::kProtocolVersion));
  }
  switch (envelope.body_case()) {
    case wire::Envelope::kHello: return checkHello(envelope.hello());
    case wire::Envelope::kHelloReply: return checkHelloReply(envelope.hello_reply());
    case wire::Envelope::kHeartbeat: return;
    case wire::Envelope::kHeartbeatAck: {
      const double load = envelope.heartbeat_ack().load();
      if (!std::isfinite(load) || load < 0.0 || load > 1.0) fail("heartbeat_ack.load", "must be in [0, 1]");
      const double share = envelope.heartbeat_ack().turbo_share();
      if (!std::isfinite(share) || share < 0.0 || share > 1.0) fail("heartbeat_ack.turbo_share", "must be in [0, 1]");
      return;
    }
    case wire::Envelope::kDetectRequest: return checkDetectRequest(envelope.detect_request());
    case wire::Envelope::kDetectReply: return checkDetectReply(envelope.detect_reply());
    case wire::Envelope::kTrackRequest: return checkTrackRequest(envelope.track_request());
    case wire::Envelope::kTrackReply: return checkTrackReply(envelope.track_reply());
    case wire::Envelope::kError: return checkText(envelope.error().message(), WireCodec::kMaxTextBytes, "error.message");
    case wire::Envelope::kPatchRequest:  // counts and rectangles: PatchWire::check, answered ERROR_BAD_REQUEST
      checkText(envelope.patch_request().stream_id(), WireCodec::kMaxNameBytes, "patch_request.stream_id");
      if (envelope.patch_request().patches_size() > WireCodec::kMaxBoxes) fail("patch_request.patches", "too many");
      return;
    case wire::Envelope::kPatchReply: return checkPatchReply(envelope.patch_reply());
    case wire::Envelope::kBandwidthProbe:
      if (envelope.bandwidth_probe().payload().size() > PatchWire::kMaxProbeBytes) {
        fail("bandwidth_probe.payload", std::to_string(envelope.bandwidth_probe().payload().size()) +
                                            " bytes exceed " + std::to_string(PatchWire::kMaxProbeBytes));
      }
      return;
    case wire::Envelope::kProbeReply: return;
    case wire::Envelope::kAms:
      return AmsWire::check(envelope.ams());  // every AMS kind (issue 22)
    case wire::Envelope::BODY_NOT_SET: break;
  }
  fail("body", "missing (no message in the oneof)");
}

void WireValidator::checkHello(const wire::Hello& hello) {
  checkText(hello.node_name(), WireCodec::kMaxNameBytes, "hello.node_name");
}

void WireValidator::checkHelloReply(const wire::HelloReply& reply) {
  checkText(reply.reason(), WireCodec::kMaxTextBytes, "hello_reply.reason");
  checkText(reply.node_name(), WireCodec::kMaxNameBytes, "hello_reply.node_name");
  const wire::Capabilities& caps = reply.capabilities();
  if (caps.models_size() > WireCodec::kMaxModels) {
    fail("hello_reply.capabilities.models", std::to_string(caps.models_size()) + " entries exceed " +
                                                 std::to_string(WireCodec::kMaxModels));
  }
  for (const std::string& model : caps.models()) {
    checkText(model, WireCodec::kMaxTextBytes, "hello_reply.capabilities.models");
  }
  checkText(caps.device(), WireCodec::kMaxNameBytes, "hello_reply.capabilities.device");
  checkText(caps.profile(), WireCodec::kMaxNameBytes, "hello_reply.capabilities.profile");
  if (!std::isfinite(caps.slowdown()) || caps.slowdown() < 0.0) {
    fail("hello_reply.capabilities.slowdown", "must be a finite number ≥ 0");
  }
  if (caps.patch_models_size() > WireCodec::kMaxScores) fail("hello_reply.capabilities.patch_models", "too many");
  for (const wire::PatchModelProfile& profile : caps.patch_models()) {
    checkSize(profile.width(), profile.height(), "hello_reply.capabilities.patch_models.input");
    checkMs(profile.compute_ms(), "hello_reply.capabilities.patch_models.compute_ms");
    if (!std::isfinite(profile.accuracy()) || profile.accuracy() < 0.0 || profile.accuracy() > 1.0) {
      fail("hello_reply.capabilities.patch_models.accuracy", "must be in [0, 1]");
    }
  }
  checkText(caps.patch_model_name(), WireCodec::kMaxNameBytes, "hello_reply.capabilities.patch_model_name");
}

void WireValidator::checkDetectRequest(const wire::DetectRequest& request) {
  checkImage(request.jpeg(), "detect_request.jpeg");
  checkSize(request.input_width(), request.input_height(), "detect_request.input");
  checkSize(request.source_width(), request.source_height(), "detect_request.source");
  checkDeepScale(request.deepscale(), "detect_request.deepscale");
}

void WireValidator::checkDetectReply(const wire::DetectReply& reply) {
  checkBoxes(reply.boxes(), "detect_reply.boxes");
  if (reply.embedding_dim() > static_cast<std::uint32_t>(WireCodec::kMaxEmbeddingDim)) {
    fail("detect_reply.embedding_dim", std::to_string(reply.embedding_dim()) + " exceeds " +
                                           std::to_string(WireCodec::kMaxEmbeddingDim));
  }
  const std::size_t expected =
      reply.embedding_dim() == 0 ? 0 : std::size_t(reply.boxes_size()) * reply.embedding_dim() * sizeof(float);
  if (!reply.embeddings().empty() && reply.embeddings().size() != expected) {
    fail("detect_reply.embeddings", std::to_string(reply.embeddings().size()) + " bytes, expected boxes × dim × 4 = " +
                                        std::to_string(expected));
  }
  checkSize(reply.chosen_width(), reply.chosen_height(), "detect_reply.chosen");
  checkSize(reply.ran_width(), reply.ran_height(), "detect_reply.ran");
  if (reply.detectability_scores_size() > WireCodec::kMaxScores) fail("detect_reply.detectability_scores", "too many");
  for (double score : reply.detectability_scores()) {
    if (!std::isfinite(score)) fail("detect_reply.detectability_scores", "not finite");
  }
  checkMs(reply.decode_ms(), "detect_reply.decode_ms");
  checkMs(reply.detect_ms(), "detect_reply.detect_ms");
  checkMs(reply.queue_ms(), "detect_reply.queue_ms");
  checkExit(reply.turbo_exit(), "detect_reply.turbo_exit");
  checkExit(reply.turbo_planned_exit(), "detect_reply.turbo_planned_exit");
  checkMs(reply.turbo_ms(), "detect_reply.turbo_ms");
}

void WireValidator::checkRequest(const wire::Envelope& envelope) {
  if (!envelope.has_detect_request()) return;
  const std::uint32_t withinMs = envelope.detect_request().reply_within_ms();
  if (withinMs > WireCodec::kMaxReplyWithinMs) {
    fail("detect_request.reply_within_ms",
         std::to_string(withinMs) + " ms exceeds " + std::to_string(WireCodec::kMaxReplyWithinMs));
  }
}

void WireValidator::checkTrackRequest(const wire::TrackRequest& request) {
  checkImage(request.jpeg(), "track_request.jpeg");
  checkText(request.stream_id(), WireCodec::kMaxNameBytes, "track_request.stream_id");
  checkSize(request.source_width(), request.source_height(), "track_request.source");
  checkDeepScale(request.deepscale(), "track_request.deepscale");
}

void WireValidator::checkTrackReply(const wire::TrackReply& reply) {
  checkBoxes(reply.tracks(), "track_reply.tracks");
  checkBoxes(reply.detections(), "track_reply.detections");
  checkSize(reply.ran_width(), reply.ran_height(), "track_reply.ran");
  checkMs(reply.decode_ms(), "track_reply.decode_ms");
  checkMs(reply.detect_ms(), "track_reply.detect_ms");
  checkMs(reply.track_ms(), "track_reply.track_ms");
  checkMs(reply.queue_ms(), "track_reply.queue_ms");
}

void WireValidator::checkPatchReply(const wire::PatchReply& reply) {
  if (reply.results_size() > PatchWire::kMaxPatches) fail("patch_reply.results", "more than one request holds");
  for (int i = 0; i < reply.results_size(); ++i) {
    const wire::PatchResult& r = reply.results(i);
    const std::string at = "patch_reply.results[" + std::to_string(i) + "]";
    if (r.peaks_size() > PatchWire::kMaxPeaks) fail(at + ".peaks", std::to_string(r.peaks_size()) + " peaks exceed 3");
    for (const wire::PatchPeak& p : r.peaks()) {
      if (!std::isfinite(p.x()) || !std::isfinite(p.y()) || !std::isfinite(p.w()) || !std::isfinite(p.h()) ||
          !std::isfinite(p.objectness()) || p.w() < 0.0f || p.h() < 0.0f) {
        fail(at + ".peaks", "non-finite or negative-size box");
      }
    }
    if (r.embedding_dim() > static_cast<std::uint32_t>(WireCodec::kMaxEmbeddingDim)) fail(at + ".embedding_dim", "too large");
    const std::size_t expected = std::size_t(r.peaks_size()) * r.embedding_dim() * sizeof(float);
    if (!r.embeddings().empty() && r.embeddings().size() != expected) {
      fail(at + ".embeddings", std::to_string(r.embeddings().size()) + " bytes, expected peaks × dim × 4");
    }
    checkMs(r.compute_ms(), at + ".compute_ms");
    checkText(r.error_message(), WireCodec::kMaxTextBytes, at + ".error_message");
  }
  checkMs(reply.decode_ms(), "patch_reply.decode_ms");
  checkMs(reply.compute_ms(), "patch_reply.compute_ms");
  checkMs(reply.queue_ms(), "patch_reply.queue_ms");
}

void WireValidator::checkDeepScale(const wire::DeepScaleSettings& settings, const char* field) {
  const std::string name(field);
  if (settings.preset() > 3) fail(name + ".preset", std::to_string(settings.preset()) + " is not 0 (custom) or 1..3");
  if (settings.gammas_size() != 0 && settings.gammas_size() != 4) {
    fail(name + ".gammas", std::to_string(settings.gammas_size()) + " values, expected 0 or 4");
  }
  for (double gamma : settings.gammas()) {
    if (!std::isfinite(gamma) || gamma < 0.0) fail(name + ".gammas", "must be finite numbers ≥ 0");
  }
  if (settings.k() > 60) fail(name + ".k", std::to_string(settings.k()) + " frames exceeds 60");
}

void WireValidator::checkBoxes(const google::protobuf::RepeatedPtrField<wire::Box>& boxes, const char* field) {
  if (boxes.size() > WireCodec::kMaxBoxes) {
    fail(field, std::to_string(boxes.size()) + " boxes exceed " + std::to_string(WireCodec::kMaxBoxes));
  }
  for (int i = 0; i < boxes.size(); ++i) {
    const wire::Box& b = boxes.Get(i);
    if (!std::isfinite(b.x()) || !std::isfinite(b.y()) || !std::isfinite(b.w()) || !std::isfinite(b.h()) ||
        !std::isfinite(b.score()) || b.w() < 0.0f || b.h() < 0.0f) {
      fail(std::string(field) + "[" + std::to_string(i) + "]", "non-finite or negative-size box");
    }
  }
}

}  // namespace edgescope
