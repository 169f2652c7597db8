#include "synthetic/SyntheticPerson.h"

#include <cmath>

namespace edgescope {

cv::Point2d SyntheticPerson::pointAt(double s) const {
  if (std::abs(curvature) < 1e-9) return start + s * cv::Point2d(std::cos(heading0), std::sin(heading0));
  const double heading = heading0 + curvature * s;
  return start + cv::Point2d(std::sin(heading) - std::sin(heading0), std::cos(heading0) - std::cos(heading)) *
                     (1.0 / curvature);
}

bool SyntheticPerson::poseAt(double frame, double fps, PersonPose& pose) const {
  const double s = (frame - spawnFrame) / fps * speed;
  if (s < 0.0 || s > pathLength) return false;
  pose.position = pointAt(s);
  pose.heading = heading0 + curvature * s;
  pose.walked = s;
  return true;
}

}  // namespace edgescope
