#pragma once
/// @file ProceduralTexture.h
/// Deterministic texture helpers for the synthetic scene: integer-lattice hashes (built on edgescope::Rng), smooth
/// value noise and anti-aliased grid lines. Pure functions, thread-safe.

#include <cstdint>

#include <opencv2/core/matx.hpp>

namespace edgescope {

class ProceduralTexture {
 public:
  /// Uniform in [0, 1), a pure function of the lattice point and @p salt.
  static double hash01(std::int64_t x, std::int64_t y, std::uint64_t salt);
  /// Smooth noise in [0, 1) with unit feature size (bilinear-smoothstep interpolation of lattice hashes).
  static double valueNoise(double x, double y, std::uint64_t salt);
  static double smoothstep(double edge0, double edge1, double x);
  static double clamp01(double x) { return x < 0.0 ? 0.0 : (x > 1.0 ? 1.0 : x); }
  /// Coverage in [0, 1] of grid lines of half width @p halfWidth at integer positions, for a pixel centred at @p pos
  /// whose footprint spans @p footprint (all in grid units), box-filtered; fades to the mean coverage when lines alias.
  static double gridLineCoverage(double pos, double halfWidth, double footprint);
  /// a + (b − a)·t per channel.
  static cv::Vec3d mix(const cv::Vec3d& a, const cv::Vec3d& b, double t) { return a + (b - a) * t; }
};

}  // namespace edgescope
