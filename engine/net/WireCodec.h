#pragma once
/// @file WireCodec.h
/// Encodes and decodes the node protocol's Envelope (engine/net/edgescope_node.proto) with strict validation: a
/// message that is oversized, truncated, random, of another protocol version, without a body, or whose fields break
/// the limits below is an Error that names the field — never a crash, never an allocation beyond the message size.

#include <cstddef>
#include <cstdint>
#include <string>

#include "net/edgescope_node.pb.h"

namespace edgescope {

/// Stateless; call from any thread.
class WireCodec {
 public:
  static constexpr std::uint32_t kProtocolVersion = 1;
  static constexpr std::size_t kMaxMessageBytes = 32u << 20;  ///< one encoded Envelope
  static constexpr std::size_t kMaxImageBytes = 24u << 20;    ///< DetectRequest/TrackRequest.jpeg
  static constexpr int kMaxBoxes = 10000;                      ///< boxes, tracks, detections per reply
  static constexpr int kMaxEmbeddingDim = 1024;
  static constexpr int kMaxImageSidePx = 16384;  ///< input/source/ran/chosen width and height
  /// input/source/ran/chosen width × height (64 Mpx, = JpegImage::kMaxPixels, checked at compile time): a node
  /// resizes a frame to the source size it is told and runs its network there, so a claimed 16384×16384 source
  /// would need tens of gigabytes.
  static constexpr long long kMaxImagePixels = 64LL << 20;
  static constexpr std::size_t kMaxNameBytes = 256;   ///< node names, stream ids, device, profile
  static constexpr std::size_t kMaxTextBytes = 4096;  ///< reasons, error messages, model specs
  static constexpr int kMaxModels = 64;
  static constexpr int kMaxScores = 16;  ///< detectability scores, γs
  static constexpr std::uint32_t kMaxReplyWithinMs = 60000;  ///< DetectRequest.reply_within_ms (Turbo's due time)
  static constexpr std::uint32_t kMaxTurboExit = 16;         ///< DetectReply.turbo_exit / turbo_planned_exit

  /// The serialised @p envelope. Throws Error naming the field when it breaks a limit (the same checks as decode),
  /// so a sender never emits what a receiver would reject.
  static std::string encode(const wire::Envelope& envelope);
  /// Parses @p sizeBytes bytes at @p data. Throws Error ("wire: …" naming the field) when the message is empty,
  /// larger than kMaxMessageBytes (checked before parsing), not a valid Envelope, of another version, has no body,
  /// or breaks a limit.
  static wire::Envelope decode(const void* data, std::size_t sizeBytes);
  static wire::Envelope decode(const std::string& bytes) { return decode(bytes.data(), bytes.size()); }
  /// The body's name for logs ("hello", "detect_request", …; "none" when unset).
  static const char* bodyName(const wire::Envelope& envelope);
};

}  // namespace edgescope
