#pragma once
/// @file SensorNoise.h
/// Additive Gaussian sensor noise for the synthetic source, fast and machine-independent: a 65,536-entry table of
/// Gaussian quantiles (σ in 8-bit levels, rounded) indexed by 16-bit slices of edgescope::Rng output seeded by
/// (seed, frame).

#include <cstdint>
#include <vector>

#include <opencv2/core/mat.hpp>

namespace edgescope {

/// Immutable after construction, thread-safe.
class SensorNoise {
 public:
  /// @p sigma in 8-bit levels; 0 disables the noise.
  explicit SensorNoise(double sigma);
  bool enabled() const { return !table_.empty(); }
  /// Adds the noise of (@p seed, @p frame) to every byte of @p image (8-bit, any channel count), saturating.
  void apply(cv::Mat& image, std::uint64_t seed, std::int64_t frame) const;

 private:
  /// Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9).
  static double normalQuantile(double p);
  std::vector<std::int16_t> table_;
};

}  // namespace edgescope
