#pragma once
/// @file SyntheticPerson.h
/// One walker of the synthetic scene: its looks, body and closed-form path on the ground plane. The pose at any
/// frame follows directly from the frame number (no simulation state), so seeking is exact.

#include <opencv2/core/types.hpp>

namespace edgescope {

/// Clothing and skin colours (BGR, 0…255), value type.
struct PersonLook {
  cv::Scalar skin;
  cv::Scalar hair;
  cv::Scalar shirt;
  cv::Scalar trousers;
  cv::Scalar shoes;
  bool longSleeves = false;
};

/// Where a person is at one frame, value type.
struct PersonPose {
  cv::Point2d position;  ///< ground point between the feet (world x, y, metres)
  double heading = 0.0;  ///< walking direction, radians from the +x axis towards +y
  double walked = 0.0;   ///< distance walked since the spawn (metres); drives the walk cycle
};

/// Value type. The path is a circular arc (straight when curvature is 0) of length pathLength starting at `start`
/// with direction heading0; the person walks it at constant speed from spawnFrame on.
struct SyntheticPerson {
  int id = 0;                 ///< 1-based, stable
  double spawnFrame = 0.0;    ///< (fractional) frame number at which the person is at the path start
  double speed = 1.3;         ///< metres per second
  double height = 1.75;       ///< metres
  double strideLength = 1.4;  ///< metres per walk cycle (two steps)
  double phaseOffset = 0.0;   ///< walk-cycle phase at the spawn, radians
  cv::Point2d start;          ///< world x, y
  double heading0 = 0.0;      ///< radians
  double curvature = 0.0;     ///< 1/metres, signed
  double pathLength = 0.0;    ///< metres
  PersonLook look;

  /// Frames from the spawn to the end of the path at @p fps.
  double durationFrames(double fps) const { return pathLength / speed * fps; }
  /// Ground point at arc length @p s.
  cv::Point2d pointAt(double s) const;
  /// Pose at (fractional) frame @p frame; false when the person is not on its path then.
  bool poseAt(double frame, double fps, PersonPose& pose) const;
};

}  // namespace edgescope
