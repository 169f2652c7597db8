#pragma once
/// @file WalkingFigure.h
/// The articulated walking figure of a synthetic person: head, torso, pelvis, two arms (elbows) and two legs (knees,
/// feet) posed by a walk cycle whose phase is proportional to the distance walked, built in 3-D on the ground plane
/// and projected with the scene camera, so far people are small and the view angle follows the walking direction.
/// Coordinates are fixed point (kShift fractional bits), so drawing is exact and machine-independent.

#include <vector>

#include <opencv2/core/mat.hpp>

#include "synthetic/StreetCamera.h"
#include "synthetic/SyntheticPerson.h"

namespace edgescope {

/// One drawing primitive of a figure, value type.
struct FigurePart {
  enum class Kind { Capsule, Polygon, Ellipse };
  Kind kind = Kind::Capsule;
  std::vector<cv::Point> points;  ///< fixed point: capsule ends, convex polygon vertices, or the ellipse centre
  int thickness = 1;              ///< capsule width, whole pixels
  cv::Size axes;                  ///< ellipse semi-axes, fixed point
  cv::Scalar colour;              ///< BGR before lighting
};

/// A posed, projected figure, value type.
struct FigureShape {
  std::vector<FigurePart> parts;  ///< in drawing order (far limbs first)
  cv::Rect extent;                ///< pixel rectangle that contains every part
  double depth = 0.0;             ///< camera depth of the feet (painter's order key)
  cv::Point2d groundPoint;        ///< world x, y of the feet
  cv::Point shadowCentre;         ///< fixed point
  cv::Size shadowAxes;            ///< fixed point
};

class WalkingFigure {
 public:
  static constexpr int kShift = 3;
  static constexpr double kOne = 1 << kShift;

  /// Poses and projects @p person at @p pose; false when it is (partly) behind the camera.
  static bool build(const StreetCamera& camera, const SyntheticPerson& person, const PersonPose& pose,
                    FigureShape& shape);
  /// Draws @p shape translated by @p offset (whole pixels). With @p solid the silhouette is filled with that value
  /// (8-connected, exact); otherwise the part colours times @p gain are drawn anti-aliased.
  static void draw(cv::Mat& image, const FigureShape& shape, cv::Point offset, const cv::Scalar* solid, double gain);
};

}  // namespace edgescope
