#pragma once
/// @file JpegImage.h
/// JPEG encode/decode for frames on the wire, with the image size checked from the JPEG header before any pixel
/// buffer is allocated (a forged header cannot make the decoder allocate gigabytes).

#include <string>

#include <opencv2/core/mat.hpp>

namespace edgescope {

/// Stateless; any thread.
class JpegImage {
 public:
  static constexpr int kMaxSidePx = 16384;
  static constexpr long long kMaxPixels = 64LL << 20;  ///< 64 Mpx (≈ 192 MB decoded BGR)

  /// Size declared by the JPEG's SOF header. Throws Error when @p bytes is not a JPEG (no SOI marker), has no frame
  /// header, or declares a size of zero or above the limits.
  static cv::Size probe(const std::string& bytes);
  /// 8-bit BGR pixels of @p bytes (probe() first). Throws Error when the data does not decode.
  static cv::Mat decode(const std::string& bytes);
  /// JPEG of @p bgr at @p quality (1–100). Throws Error for an empty image or when encoding fails.
  static std::string encode(const cv::Mat& bgr, int quality = 90);
};

}  // namespace edgescope
