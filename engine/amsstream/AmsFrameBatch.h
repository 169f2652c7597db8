#pragma once
/// @file AmsFrameBatch.h
/// One AMS uplink batch of sampled frames (issue 22): what the camera sends every T_update and the node decodes for
/// its teacher. The four numbers and the payload map one-to-one onto protobuf fields (payload into `bytes`); arrival
/// times travel separately.
///
/// Payload by codec:
/// - H264: one Annex-B H.264 elementary stream holding exactly frameCount pictures, one GOP (an IDR first), coded at
///   width and height rounded up to even (the encoder pads by replicating the last column/row; the decoder crops).
/// - Jpeg: frameCount JPEG images at width × height, each preceded by its length as 4 bytes little-endian, and
///   nothing after the last.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace edgescope {

/// Wire values of AmsFrameBatch::codec (stable: they travel as integers).
enum class AmsFrameCodec : int { H264 = 0, Jpeg = 1 };

/// Value type.
struct AmsFrameBatch {
  static constexpr int kMaxSidePx = 16384;                   ///< as JpegImage
  static constexpr long long kMaxPixels = 64LL << 20;        ///< per frame, as JpegImage (64 Mpx)
  static constexpr int kMaxFrames = 4096;                    ///< per batch (10 fps × 120 s is 1200)
  static constexpr long long kMaxBatchPixels = 256LL << 20;  ///< frameCount × width × height (768 MB as BGR)
  static constexpr std::size_t kMaxPayloadBytes = 256u << 20;

  AmsFrameCodec codec = AmsFrameCodec::H264;
  int width = 0;        ///< frame width in pixels as sampled (odd allowed)
  int height = 0;       ///< frame height in pixels as sampled (odd allowed)
  int frameCount = 0;   ///< pictures in payload, 1 … kMaxFrames
  std::string payload;  ///< binary, see the file comment

  /// "h264" or "jpeg" (the values of ams.uplinkCodec); "codec N" for a value out of range.
  static std::string codecName(AmsFrameCodec codec);
  /// Inverse of codecName(); throws Error naming @p name otherwise.
  static AmsFrameCodec codecFromName(const std::string& name);

  /// Throws Error "BAD_IMAGE: REQUEST: …" when the codec is out of range, a side is 0 or over kMaxSidePx, a frame
  /// over kMaxPixels, frameCount outside 1 … kMaxFrames, the batch over kMaxBatchPixels, or the payload empty or over
  /// kMaxPayloadBytes.
  void validate(const std::string& requestName) const;

  /// The Jpeg payload of @p jpegs (length-prefixed). Throws Error when one is empty or over 4 GiB.
  static std::string packJpegFrames(const std::vector<std::string>& jpegs);
  /// The JPEG images of a Jpeg payload, views into payload (valid while it lives). Throws Error
  /// "BAD_IMAGE: REQUEST: …" for a truncated prefix or image, an empty image, bytes after the last image, or a
  /// count other than frameCount.
  std::vector<std::string_view> jpegFrames(const std::string& requestName) const;

  /// Throws Error("BAD_IMAGE: " + requestName + ": " + message).
  [[noreturn]] static void fail(const std::string& requestName, const std::string& message);
};

}  // namespace edgescope
