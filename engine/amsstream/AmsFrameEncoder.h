#pragma once
/// @file AmsFrameEncoder.h
/// The camera's end of the AMS uplink (issue 22): a batch of sampled BGR frames → one AmsFrameBatch within a byte
/// budget (ams.uplinkKbps × T_update). H.264 through libavcodec/libx264: one GOP per batch (IDR first, no scene
/// cuts), 1-pass ABR with a nominal frame interval of batchSeconds / frameCount, re-encoded at a corrected bitrate
/// when the result misses the budget. Per-frame JPEG is the fallback when no H.264 encoder opens or encoding fails,
/// and the codec when asked for.

#include <cstddef>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "amsstream/AmsFrameBatch.h"

namespace edgescope {

/// Stateless: every call opens and frees its own encoder; any thread (the camera calls it on `es-ams`). The H.264
/// encoder runs one thread.
class AmsFrameEncoder {
 public:
  struct Options {
    AmsFrameCodec codec = AmsFrameCodec::H264;  ///< ams.uplinkCodec
    double bitrateKbps = 200.0;                 ///< ams.uplinkKbps, kbit/s (1000 bit)
    double batchSeconds = 10.0;                 ///< the time the batch stands for (T_update), seconds
    std::size_t targetBytes = 0;                ///< when > 0, the budget in bytes instead of bitrate × seconds
    int jpegQualityMax = 90;                    ///< JPEG: best quality tried (1 … 100)
    int jpegQualityMin = 20;                    ///< JPEG: worst quality used even when over budget
    std::string h264Preset = "veryfast";        ///< x264 preset
    int maxBFrames = 0;                         ///< H.264 B-frames between references (0 … 4)
    int maxH264Attempts = 3;                    ///< encodes per batch while the size misses the budget (1 … 8)

    /// The budget in bytes: targetBytes, or bitrateKbps · 1000 / 8 · batchSeconds.
    std::size_t budgetBytes() const;
  };

  /// How encode() went.
  struct Stats {
    AmsFrameCodec codec = AmsFrameCodec::H264;  ///< what the batch holds
    std::string encoderName;                    ///< "libx264", another H.264 encoder's name, or "jpeg"
    std::string fallbackReason;                 ///< why H.264 was asked for but JPEG was sent ("" otherwise)
    std::size_t budgetBytes = 0;
    std::size_t payloadBytes = 0;
    int attempts = 0;       ///< H.264 encodes or JPEG qualities tried
    int jpegQuality = 0;    ///< JPEG quality used (0 for H.264)
    double encodeMs = 0.0;  ///< wall time of the whole call, milliseconds
  };

  /// Encodes @p bgrFrames (8-bit BGR, all the same size, odd sizes allowed) in order. The result fits the budget
  /// where the codec can reach it: H.264 aims at [0.75, 1] × budget, JPEG takes the best quality whose total fits
  /// (jpegQualityMin if none does). Throws Error naming the field for no frames, more than kMaxFrames, a frame that
  /// is empty, not CV_8UC3, of another size or over AmsFrameBatch's size limits, and for options out of range.
  static AmsFrameBatch encode(const std::vector<cv::Mat>& bgrFrames, const Options& options, Stats* stats = nullptr);
};

}  // namespace edgescope
