#pragma once
/// @file WireValidator.h
/// Field-level checks of a parsed Envelope against WireCodec's limits (used by WireCodec::encode and decode).

#include "net/edgescope_node.pb.h"

namespace edgescope {

/// Stateless; call from any thread.
class WireValidator {
 public:
  /// Throws Error "wire: field FIELD: why" for the first field that breaks a limit: version, missing body, sizes
  /// and counts, non-finite or negative numbers, embedding bytes that do not match boxes × dim × 4; AMS bodies
  /// through AmsWire::check ("wire: field ams.samples.frame_count: …").
  static void validate(const wire::Envelope& envelope);
  /// The rules of a decoded compute request that a server answers with ERROR_BAD_REQUEST (the message decodes, but
  /// asks for something out of range): detect_request.reply_within_ms ≤ WireCodec::kMaxReplyWithinMs. Throws Error
  /// "wire: field FIELD: why".
  static void checkRequest(const wire::Envelope& envelope);

 private:
  static void checkHello(const wire::Hello& hello);
  static void checkHelloReply(const wire::HelloReply& reply);
  static void checkDetectRequest(const wire::DetectRequest& request);
  static void checkDetectReply(const wire::DetectReply& reply);
  static void checkTrackRequest(const wire::TrackRequest& request);
  static void checkTrackReply(const wire::TrackReply& reply);
  static void checkPatchReply(const wire::PatchReply& reply);
  static void checkDeepScale(const wire::DeepScaleSettings& settings, const char* field);
  static void checkBoxes(const google::protobuf::RepeatedPtrField<wire::Box>& boxes, const char* field);
};

}  // namespace edgescope
