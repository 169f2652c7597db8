#pragma once
/// @file BuildingRow.h
/// The row of building facades (a vertical plane y = facadeY) that closes the synthetic street: blocks of varied
/// height and colour with floors of windows, shop fronts and occasional alleys. Pure functions of (seed, x, z).

#include <cstdint>

#include <opencv2/core/matx.hpp>

namespace edgescope {

/// Immutable after construction, thread-safe.
class BuildingRow {
 public:
  explicit BuildingRow(std::uint64_t seed);
  /// Facade height at @p x (metres; 0 in an alley).
  double heightAt(double x) const;
  /// BGR colour (0…255) of the facade at (@p x, @p z) with z < heightAt(x); @p footprint = pixel size in metres.
  cv::Vec3d colourAt(double x, double z, double footprint) const;

 private:
  static constexpr double kBlockWidth = 16.0;
  static constexpr double kAlleyWidth = 4.0;
  std::uint64_t salt_;
};

}  // namespace edgescope
