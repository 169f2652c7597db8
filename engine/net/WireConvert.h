#pragma once
/// @file WireConvert.h
/// Conversions between engine value types (Detection, Track) and the node protocol's messages.

#include <string>
#include <vector>

#include "core/Detection.h"
#include "core/Track.h"
#include "deepscale/DeepScaleConfig.h"
#include "net/edgescope_node.pb.h"

namespace edgescope {

/// Stateless; any thread.
class WireConvert {
 public:
  static void toBox(const Detection& detection, wire::Box* box);
  static void toBox(const Track& track, wire::Box* box);
  /// Boxes (and, when every detection carries an embedding of one size, the packed embeddings) into @p reply.
  static void putDetections(const std::vector<Detection>& detections, bool withEmbeddings, wire::DetectReply* reply);
  /// Detections of a validated @p reply, embeddings unpacked when present.
  static std::vector<Detection> detections(const wire::DetectReply& reply);
  static std::vector<Detection> detections(const google::protobuf::RepeatedPtrField<wire::Box>& boxes);
  /// The operator settings a request carries: preset 1–3, else 4 custom γs, else C2; K (0 = 40); adaptive flag.
  static DeepScaleConfig deepScaleConfig(const wire::DeepScaleSettings& settings);
  /// An envelope answering @p request: version, request_id, echo_sent_at_us (= request's sent_at_us) and sent_at_us
  /// (now) set, no body.
  static wire::Envelope replyTo(const wire::Envelope& request);
  /// replyTo(@p request) with an error body: @p code and "request ID: @p message" (cut to kMaxTextBytes).
  static wire::Envelope errorReply(const wire::Envelope& request, wire::ErrorCode code, const std::string& message);
  static std::vector<Track> tracks(const google::protobuf::RepeatedPtrField<wire::Box>& boxes);
};

}  // namespace edgescope
