#include "synthetic/StreetCamera.h"

#include <algorithm>
#include <cmath>

namespace edgescope {

StreetCamera::StreetCamera(int width, int height)
    : width_(width),
      height_(height),
      focal_(0.85 * std::hypot(static_cast<double>(width), static_cast<double>(height))),
      cx_(0.5 * (width - 1)),
      cy_(0.5 * (height - 1)) {
  // Pitch so that the horizon lies at 28 % of the image height.
  const double pitch = std::atan((cy_ - 0.28 * height) / focal_);
  sinPitch_ = std::sin(pitch);
  cosPitch_ = std::cos(pitch);
  // Angle below the horizontal of the lower edge of the bottom row.
  const double bottomAngle = pitch + std::atan((height - 0.5 - cy_) / focal_);
  nearGroundY_ = mountHeight_ / std::tan(bottomAngle);
  exitY_ = std::max(0.5, (mountHeight_ - 2.1) / std::tan(bottomAngle) - 0.3);
  facadeY_ = std::max(110.0, 3.0 * nearGroundY_);
  farWalkY_ = std::max(1.6 * nearGroundY_, std::min(75.0, facadeY_ - 20.0));
}

double StreetCamera::horizonRow() const { return cy_ - focal_ * sinPitch_ / cosPitch_; }

double StreetCamera::depth(const cv::Vec3d& world) const {
  return world[1] * cosPitch_ - (world[2] - mountHeight_) * sinPitch_;
}

bool StreetCamera::project(const cv::Vec3d& world, cv::Point2d& pixel) const {
  const double dz = world[2] - mountHeight_;
  const double zc = world[1] * cosPitch_ - dz * sinPitch_;
  if (zc < 0.05) return false;
  const double yc = -world[1] * sinPitch_ - dz * cosPitch_;
  pixel.x = cx_ + focal_ * world[0] / zc;
  pixel.y = cy_ + focal_ * yc / zc;
  return true;
}

cv::Vec3d StreetCamera::ray(double u, double v) const {
  const double a = (u - cx_) / focal_;
  const double b = (v - cy_) / focal_;
  return {a, cosPitch_ - b * sinPitch_, -sinPitch_ - b * cosPitch_};
}

double StreetCamera::halfWidthAt(double y) const {
  const double zc = y * cosPitch_ + mountHeight_ * sinPitch_;
  return (cx_ + 0.5) * zc / focal_;
}

}  // namespace edgescope
