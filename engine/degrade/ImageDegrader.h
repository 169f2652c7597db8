#pragma once
/// @file ImageDegrader.h
/// Applies one FrameDegradation to a BGR image: the pixels of a hard frame that the ground truth still describes.

#include <cstdint>

#include <opencv2/core/mat.hpp>

#include "degrade/DegradationKind.h"

namespace edgescope {

/// Stateless (motion keeps per-thread scratch buffers); call from any thread. Cost at 768×576: a few ms per frame.
/// Sizes scale with the image width relative to 768 px.
///  - dark: linear-light exposure gain 0.35 (strength 0) … 0.05 (strength 1), photon (signal-dependent) and read
///    noise, 8-bit sRGB quantisation in the dark, then auto-gain back to normal brightness (noisy, posterised);
///  - motion: linear motion blur along FrameDegradation::angleDeg, 3 … 25 px long at 768 px width;
///  - defocus: disk kernel, radius 1 … 8 px at 768 px width (radii above 3 px applied at a reduced scale);
///  - noise: additive Gaussian noise, sigma 4 … 30 levels;
///  - jpeg: JPEG re-encoding at quality 45 … 5;
///  - lowres: downscale by 1.5 … 6 (INTER_AREA), upscale back (INTER_LINEAR).
class ImageDegrader {
 public:
  /// Returns a new degraded image (CV_8UC3, same size) and never writes into @p bgr; for None, a clone of @p bgr.
  /// @p noiseSeed seeds the random pixels (dark, noise), so the same arguments give byte-identical results.
  /// Throws Error when @p bgr is not a non-empty CV_8UC3 image.
  static cv::Mat apply(const cv::Mat& bgr, const FrameDegradation& degradation, std::uint64_t noiseSeed);

  /// Linear-light exposure gain of 'dark' at @p strength (0.35 at 0 … 0.05 at 1).
  static double darkGain(double strength);
  /// Motion blur length in pixels at @p strength for an image @p widthPx wide (≥ 2).
  static int motionLengthPx(double strength, int widthPx);
  /// Defocus disk radius in pixels at @p strength for an image @p widthPx wide (≥ 1).
  static int defocusRadiusPx(double strength, int widthPx);
  /// Gaussian noise sigma in 8-bit levels at @p strength.
  static double noiseSigma(double strength);
  /// JPEG quality at @p strength (45 … 5).
  static int jpegQuality(double strength);
  /// Downscale factor of 'lowres' at @p strength (1.5 … 6).
  static double lowResFactor(double strength);
};

}  // namespace edgescope
