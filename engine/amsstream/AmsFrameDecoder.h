#pragma once
/// @file AmsFrameDecoder.h
/// The node's end of the AMS uplink (issue 22): an AmsFrameBatch → its frames as 8-bit BGR at the batch's size.
/// Untrusted input: every failure is an Error "BAD_IMAGE: REQUEST: …" and nothing is allocated from a size the batch
/// header or the stream declares before it is checked against the limits.

#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "amsstream/AmsFrameBatch.h"

namespace edgescope {

/// Stateless: every call opens and frees its own decoder (one thread); any thread.
class AmsFrameDecoder {
 public:
  /// The batch's frameCount frames in order, each width × height CV_8UC3 (owned by the caller). @p requestName names
  /// the request in errors ("AmsSamples #12"). Throws Error "BAD_IMAGE: REQUEST: …" when validate() fails, and for
  /// H.264 when the stream does not parse or decode (libavcodec's error detection is on and its concealment refused:
  /// a picture flagged corrupt is an error), a picture of another size or pixel format, or a picture count other
  /// than frameCount (decoding stops at frameCount + 1); for JPEG when jpegFrames() fails or an image declares
  /// another size or does not decode. A stream altered to another valid stream decodes: H.264 has no checksum.
  static std::vector<cv::Mat> decode(const AmsFrameBatch& batch, const std::string& requestName);
};

}  // namespace edgescope
