#pragma once
/// @file StreetCamera.h
/// The static pinhole camera of the synthetic street scene and the scene layout that follows from it.
/// World frame (metres): x to the right, y forward along the ground (depth), z up; the camera stands at (0, 0, h)
/// looking along +y, pitched down so that the horizon lies in the upper third of the image. Pixel coordinates follow
/// OpenCV's drawing convention: pixel centres at integer coordinates.

#include <opencv2/core/types.hpp>

namespace edgescope {

/// Value type, immutable after construction.
class StreetCamera {
 public:
  StreetCamera(int width, int height);

  int width() const { return width_; }
  int height() const { return height_; }
  double focal() const { return focal_; }
  double centerX() const { return cx_; }
  double centerY() const { return cy_; }
  double mountHeight() const { return mountHeight_; }
  double horizonRow() const;

  /// Distance of @p world along the optical axis (metres; ≤ 0 behind the camera).
  double depth(const cv::Vec3d& world) const;
  /// Projects @p world; false (pixel untouched) when it is less than 5 cm in front of the camera.
  bool project(const cv::Vec3d& world, cv::Point2d& pixel) const;
  /// World direction (not normalised) of the ray through pixel (@p u, @p v).
  cv::Vec3d ray(double u, double v) const;

  /// Half width |x| of the ground strip seen at depth @p y (a ground point there sits on the left/right image edge).
  double halfWidthAt(double y) const;
  /// Ground depth seen at the bottom image row.
  double nearGroundY() const { return nearGroundY_; }
  /// Depth below which a person (≤ 2.1 m tall) is entirely below the image.
  double exitY() const { return exitY_; }
  /// Farthest depth of people crossing the scene sideways.
  double farWalkY() const { return farWalkY_; }
  /// Depth of the row of building facades that closes the street.
  double facadeY() const { return facadeY_; }

 private:
  int width_;
  int height_;
  double focal_;
  double cx_;
  double cy_;
  double mountHeight_ = 5.5;
  double sinPitch_;
  double cosPitch_;
  double nearGroundY_;
  double exitY_;
  double farWalkY_;
  double facadeY_;
};

}  // namespace edgescope
