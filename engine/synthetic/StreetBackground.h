#pragma once
/// @file StreetBackground.h
/// The static background of the synthetic street, rendered once per source: a paved plaza in perspective (tiles
/// shrink with distance, per-tile colour from a hash of the tile index), a road with kerbs and lane markings, a
/// sidewalk and a row of building facades under a sky gradient.

#include <cstdint>

#include <opencv2/core/mat.hpp>

#include "synthetic/BuildingRow.h"
#include "synthetic/StreetCamera.h"

namespace edgescope {

/// Immutable after construction, thread-safe.
class StreetBackground {
 public:
  /// What each pixel shows.
  enum Surface : std::uint8_t { Sky = 0, Facade = 1, Ground = 2 };

  StreetBackground(const StreetCamera& camera, std::uint64_t seed);
  /// BGR, CV_8UC3, camera-sized.
  const cv::Mat& image() const { return image_; }
  /// CV_8UC1 of Surface values, camera-sized.
  const cv::Mat& surface() const { return surface_; }

 private:
  cv::Vec3d groundColour(double x, double y, double footprintX, double footprintY) const;
  cv::Vec3d pavingColour(double x, double y, double footprintX, double footprintY) const;
  cv::Vec3d asphaltColour(double x, double y, double footprintX, double footprintY) const;
  cv::Vec3d skyColour(double u, double v) const;
  cv::Vec3d haze(const cv::Vec3d& colour, double distance) const;

  StreetCamera camera_;
  BuildingRow buildings_;
  std::uint64_t salt_;
  double tileSize_;
  cv::Vec3d pavingBase_;
  cv::Mat image_;
  cv::Mat surface_;
};

}  // namespace edgescope
