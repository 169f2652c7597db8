#pragma once
/// @file PhotometricFilter.h
/// The per-frame photometric transforms of a playlist segment, in this order: an exposure gain in linear light
/// (sRGB decoded, multiplied, clipped at white, re-encoded: a 256-entry table), a Gaussian blur (optics), then
/// additive Gaussian sensor noise (SensorNoise: machine-independent, seeded by (seed, frame)). The same arguments
/// always give byte-identical pixels.

#include <cstdint>

#include <opencv2/core/mat.hpp>

#include "synthetic/SensorNoise.h"

namespace edgescope {

/// Immutable after construction; apply() is const and thread-safe.
class PhotometricFilter {
 public:
  /// @p gain: linear-light factor (> 0; 1: off; 0.25 is two stops darker, sRGB 128 → 72). @p blurSigmaPx: pixels
  /// (0: off). @p noiseSigma: 8-bit levels (0: off). Ranges are checked by the caller (PlaylistEntry).
  PhotometricFilter(double gain, double blurSigmaPx, double noiseSigma);
  /// True when any transform is on.
  bool enabled() const { return !gainTable_.empty() || blurSigmaPx_ > 0.0 || noise_.enabled(); }
  /// Returns the transformed copy of @p image (8-bit, 1 or 3 channels); never writes into @p image. When
  /// !enabled(), returns @p image itself (shared data). The noise of frame @p frame under @p seed.
  cv::Mat apply(const cv::Mat& image, std::uint64_t seed, std::int64_t frame) const;

 private:
  cv::Mat gainTable_;  ///< 1×256 CV_8U lookup table; empty when the gain is 1
  double blurSigmaPx_;
  SensorNoise noise_;
};

}  // namespace edgescope
