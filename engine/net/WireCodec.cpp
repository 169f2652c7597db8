#include "net/WireCodec.h"

#include <mutex>

#include <google/protobuf/stubs/logging.h>

#include "net/WireValidator.h"
#include "util/Error.h"

namespace edgescope {

namespace {

/// Protobuf logs malformed UTF-8 and similar parse problems to stderr; decode() reports them as Error instead, so
/// fuzzed input does not flood the log. Installed once per process.
void silenceProtobufLog() {
  static std::once_flag once;
  std::call_once(once, [] { google::protobuf::SetLogHandler([](google::protobuf::LogLevel, const char*, int,
                                                              const std::string&) {}); });
}

}  // namespace

std::string WireCodec::encode(const wire::Envelope& envelope) {
  WireValidator::validate(envelope);
  const std::size_t size = envelope.ByteSizeLong();
  if (size > kMaxMessageBytes) {
    throw Error("wire: encoded message of " + std::to_string(size) + " bytes exceeds " +
                std::to_string(kMaxMessageBytes));
  }
  std::string bytes;
  if (!envelope.SerializeToString(&bytes)) throw Error("wire: cannot serialise the envelope");
  return bytes;
}

wire::Envelope WireCodec::decode(const void* data, std::size_t sizeBytes) {
  silenceProtobufLog();
  if (sizeBytes == 0 || data == nullptr) throw Error("wire: empty message");
  if (sizeBytes > kMaxMessageBytes) {
    throw Error("wire: message of " + std::to_string(sizeBytes) + " bytes exceeds " +
                std::to_string(kMaxMessageBytes));
  }
  wire::Envelope envelope;
  if (!envelope.ParseFromArray(data, static_cast<int>(sizeBytes))) {
    throw Error("wire: " + std::to_string(sizeBytes) + " bytes are not a valid Envelope (truncated or garbage)");
  }
  WireValidator::validate(envelope);
  return envelope;
}

const char* WireCodec::bodyName(const wire::Envelope& envelope) {
  switch (envelope.body_case()) {
    case wire::Envelope::kHello: return "hello";
    case wire::Envelope::kHelloReply: return "hello_reply";
    case wire::Envelope::kHeartbeat: return "heartbeat";
    case wire::Envelope::kHeartbeatAck: return "heartbeat_ack";
    case wire::Envelope::kDetectRequest: return "detect_request";
    case wire::Envelope::kDetectReply: return "detect_reply";
    case wire::Envelope::kTrackRequest: return "track_request";
    case wire::Envelope::kTrackReply: return "track_reply";
    case wire::Envelope::kError: return "error";
    case wire::Envelope::kPatchRequest: return "patch_request";
    case wire::Envelope::kPatchReply: return "patch_reply";
    case wire::Envelope::kBandwidthProbe: return "bandwidth_probe";
    case wire::Envelope::kProbeReply: return "probe_reply";
    case wire::Envelope::kAms:
      return "ams";
    case wire::Envelope::BODY_NOT_SET: break;
  }
  return "none";
}

}  // namespace edgescope
