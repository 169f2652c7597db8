#include "synthetic/WalkingFigure.h"

#include <algorithm>
#include <climits>
#include <cmath>

#include <opencv2/imgproc.hpp>

namespace edgescope {
namespace {

constexpr double kTwoPi = 6.283185307179586;
constexpr double kFarShade = 0.78;  // far-side limbs are a little darker

/// Poses a figure in body coordinates (f forward, l to the right, z up; metres) and projects it.
class Builder {
 public:
  Builder(const StreetCamera& camera, const SyntheticPerson& person, const PersonPose& pose, FigureShape& shape)
      : camera_(camera),
        person_(person),
        shape_(shape),
        origin_(pose.position),
        forward_(std::cos(pose.heading), std::sin(pose.heading)),
        right_(forward_.y, -forward_.x) {}

  cv::Vec3d world(double f, double l, double z) const {
    const cv::Point2d p = origin_ + forward_ * f + right_ * l;
    return {p.x, p.y, z};
  }
  bool point(const cv::Vec3d& w, cv::Point& fixed, double* scale = nullptr) {
    cv::Point2d px;
    if (!camera_.project(w, px)) return ok_ = false;
    fixed = {static_cast<int>(std::lround(px.x * WalkingFigure::kOne)),
             static_cast<int>(std::lround(px.y * WalkingFigure::kOne))};
    if (scale) *scale = camera_.focal() / camera_.depth(w);
    return true;
  }
  void capsule(const cv::Vec3d& a, const cv::Vec3d& b, double widthM, const cv::Scalar& colour) {
    FigurePart part;
    part.points.resize(2);
    double scale = 0.0;
    point(a, part.points[0]);
    point(b, part.points[1], &scale);
    part.thickness = std::max(1, static_cast<int>(std::lround(widthM * scale)));
    part.colour = colour;
    shape_.parts.push_back(part);
  }
  /// Box between heights z0 and z1 (width w0/w1, depth d0/d1 at the bottom/top; top shifted forward by lean).
  void box(double z0, double z1, double w0, double w1, double d0, double d1, double lean, const cv::Scalar& colour) {
    std::vector<cv::Point> corners;
    for (int top = 0; top < 2; ++top) {
      const double z = top ? z1 : z0, w = top ? w1 : w0, d = top ? d1 : d0, f0 = top ? lean : 0.0;
      for (int i = 0; i < 4; ++i) {
        cv::Point p;
        point(world(f0 + ((i & 1) ? 0.5 : -0.5) * d, ((i & 2) ? 0.5 : -0.5) * w, z), p);
        corners.push_back(p);
      }
    }
    FigurePart part;
    part.kind = FigurePart::Kind::Polygon;
    cv::convexHull(corners, part.points);
    part.colour = colour;
    shape_.parts.push_back(part);
  }
  void ellipse(const cv::Vec3d& centre, double halfWidthM, double halfHeightM, const cv::Scalar& colour) {
    FigurePart part;
    part.kind = FigurePart::Kind::Ellipse;
    part.points.resize(1);
    double scale = 0.0;
    point(centre, part.points[0], &scale);
    part.axes = {std::max(1, static_cast<int>(std::lround(halfWidthM * scale * WalkingFigure::kOne))),
                 std::max(1, static_cast<int>(std::lround(halfHeightM * scale * WalkingFigure::kOne)))};
    part.colour = colour;
    shape_.parts.push_back(part);
  }

  bool build(const PersonPose& pose);

 private:
  const StreetCamera& camera_;
  const SyntheticPerson& person_;
  FigureShape& shape_;
  cv::Point2d origin_, forward_, right_;
  bool ok_ = true;
};

bool Builder::build(const PersonPose& pose) {
  const double H = person_.height;
  const PersonLook& look = person_.look;
  const double phase = kTwoPi * pose.walked / person_.strideLength + person_.phaseOffset;
  const double hipSwing = 0.30 + 0.12 * (person_.speed - 0.8);

  // Legs in the sagittal plane relative to the hip joint, (forward, up): hip swing, knee bend in the swing phase.
  cv::Point2d knee[2], ankle[2], toe[2];
  double lowest = 0.0;
  for (int s = 0; s < 2; ++s) {
    const double ph = phase + (s ? kTwoPi / 2 : 0.0);
    const double hip = hipSwing * std::sin(ph);
    const double swing = std::max(0.0, std::cos(ph + 0.35));
    const double bend = 0.08 + 0.95 * swing * swing;
    const double pitch = 0.5 * swing * swing;
    knee[s] = 0.245 * H * cv::Point2d(std::sin(hip), -std::cos(hip));
    ankle[s] = knee[s] + 0.245 * H * cv::Point2d(std::sin(hip - bend), -std::cos(hip - bend));
    toe[s] = ankle[s] + 0.13 * H * cv::Point2d(std::cos(pitch), -std::sin(pitch));
    lowest = std::min({lowest, ankle[s].y, toe[s].y});
  }
  const double hipZ = 0.035 * H - lowest;  // the lower foot rests on the ground: natural bobbing
  const double shoulderZ = hipZ + 0.29 * H;
  const double lean = 0.025 * H;

  // Which side faces the camera (at the world origin), and does the person face it?
  const cv::Point2d toCamera = -origin_;
  const int nearSide = right_.dot(toCamera) > 0.0 ? 1 : 0;
  const bool facing = forward_.dot(toCamera) > 0.0;

  auto drawLeg = [&](int s) {
    const double side = s ? 1.0 : -1.0;
    const double shade = s == nearSide ? 1.0 : kFarShade;
    const cv::Vec3d hip = world(0.0, side * 0.055 * H, hipZ);
    const cv::Vec3d k = world(knee[s].x, side * 0.06 * H, hipZ + knee[s].y);
    const cv::Vec3d a = world(ankle[s].x, side * 0.06 * H, hipZ + ankle[s].y);
    const cv::Vec3d t = world(toe[s].x, side * 0.065 * H, hipZ + toe[s].y);
    capsule(hip, k, 0.09 * H, look.trousers * shade);
    capsule(k, a, 0.07 * H, look.trousers * shade);
    capsule(a, t, 0.045 * H, look.shoes * shade);
  };
  auto drawArm = [&](int s) {
    const double side = s ? 1.0 : -1.0;
    const double shade = s == nearSide ? 1.0 : kFarShade;
    const double ph = phase + (s ? kTwoPi / 2 : 0.0);
    const double swing = -0.75 * hipSwing * std::sin(ph);  // opposite to the leg of the same side
    const double flex = swing + 0.25 + 0.5 * std::max(0.0, -std::sin(ph));
    const cv::Point2d elbow = 0.17 * H * cv::Point2d(std::sin(swing), -std::cos(swing));
    const cv::Point2d wrist = elbow + 0.14 * H * cv::Point2d(std::sin(flex), -std::cos(flex));
    const cv::Point2d tip = wrist + 0.06 * H * cv::Point2d(std::sin(flex), -std::cos(flex));
    const double z0 = shoulderZ - 0.02 * H;
    const cv::Vec3d shoulder = world(lean, side * 0.115 * H, z0);
    const cv::Vec3d e = world(lean + elbow.x, side * 0.125 * H, z0 + elbow.y);
    const cv::Vec3d w = world(lean + wrist.x, side * 0.12 * H, z0 + wrist.y);
    const cv::Vec3d h = world(lean + tip.x, side * 0.12 * H, z0 + tip.y);
    capsule(shoulder, e, 0.06 * H, look.shirt * shade);
    capsule(e, w, 0.048 * H, (look.longSleeves ? look.shirt : look.skin) * shade);
    capsule(w, h, 0.04 * H, look.skin * shade);
  };

  drawArm(1 - nearSide);
  drawLeg(1 - nearSide);
  drawLeg(nearSide);
  box(hipZ - 0.08 * H, hipZ + 0.03 * H, 0.19 * H, 0.18 * H, 0.11 * H, 0.11 * H, 0.0, look.trousers);
  box(hipZ - 0.01 * H, shoulderZ + 0.01 * H, 0.17 * H, 0.23 * H, 0.11 * H, 0.12 * H, lean, look.shirt);
  capsule(world(lean, 0.0, shoulderZ - 0.01 * H), world(lean, 0.0, shoulderZ + 0.06 * H), 0.055 * H, look.skin);
  const double headZ = shoulderZ + 0.115 * H;
  const double headF = lean + 0.005 * H;
  auto hair = [&] { ellipse(world(headF - 0.014 * H, 0.0, headZ + 0.012 * H), 0.052 * H, 0.058 * H, look.hair); };
  auto face = [&] { ellipse(world(headF + 0.008 * H, 0.0, headZ - 0.006 * H), 0.046 * H, 0.06 * H, look.skin); };
  if (facing) {
    hair();
    face();
  } else {
    face();
    hair();
  }
  drawArm(nearSide);
  return ok_;
}

}  // namespace

bool WalkingFigure::build(const StreetCamera& camera, const SyntheticPerson& person, const PersonPose& pose,
                          FigureShape& shape) {
  shape = FigureShape();
  const cv::Vec3d ground(pose.position.x, pose.position.y, 0.0);
  shape.depth = camera.depth(ground);
  shape.groundPoint = pose.position;
  if (shape.depth < 0.3) return false;
  Builder builder(camera, person, pose, shape);
  if (!builder.build(pose)) return false;

  // Pixel extent of every part (with a safety pad for rasterisation).
  int minX = INT_MAX, minY = INT_MAX, maxX = INT_MIN, maxY = INT_MIN;
  for (const FigurePart& part : shape.parts) {
    int padX = 2, padY = 2;
    if (part.kind == FigurePart::Kind::Capsule) padX = padY = part.thickness / 2 + 2;
    if (part.kind == FigurePart::Kind::Ellipse) {
      padX += static_cast<int>(std::ceil(part.axes.width / kOne));
      padY += static_cast<int>(std::ceil(part.axes.height / kOne));
    }
    for (const cv::Point& p : part.points) {
      minX = std::min(minX, static_cast<int>(std::floor(p.x / kOne)) - padX);
      minY = std::min(minY, static_cast<int>(std::floor(p.y / kOne)) - padY);
      maxX = std::max(maxX, static_cast<int>(std::ceil(p.x / kOne)) + padX);
      maxY = std::max(maxY, static_cast<int>(std::ceil(p.y / kOne)) + padY);
    }
  }
  shape.extent = cv::Rect(minX, minY, maxX - minX + 1, maxY - minY + 1);

  // Contact shadow: a flat ellipse of about 0.3 m radius on the ground under the feet.
  cv::Point2d centre, nearEdge, farEdge;
  camera.project(ground, centre);
  camera.project(ground + cv::Vec3d(0.0, -0.3, 0.0), nearEdge);
  camera.project(ground + cv::Vec3d(0.0, 0.3, 0.0), farEdge);
  const double scale = camera.focal() / shape.depth;
  shape.shadowCentre = {static_cast<int>(std::lround(centre.x * kOne)), static_cast<int>(std::lround(centre.y * kOne))};
  shape.shadowAxes = {std::max(1, static_cast<int>(std::lround(0.32 * scale * kOne))),
                      std::max(1, static_cast<int>(std::lround(0.5 * (nearEdge.y - farEdge.y) * kOne)))};
  return true;
}

void WalkingFigure::draw(cv::Mat& image, const FigureShape& shape, cv::Point offset, const cv::Scalar* solid,
                         double gain) {
  const cv::Point shift(offset.x * (1 << kShift), offset.y * (1 << kShift));
  const int lineType = solid ? cv::LINE_8 : cv::LINE_AA;
  std::vector<cv::Point> polygon;
  for (const FigurePart& part : shape.parts) {
    const cv::Scalar colour = solid ? *solid : part.colour * gain;
    switch (part.kind) {
      case FigurePart::Kind::Capsule:
        cv::line(image, part.points[0] + shift, part.points[1] + shift, colour, part.thickness, lineType, kShift);
        break;
      case FigurePart::Kind::Polygon:
        polygon.clear();
        for (const cv::Point& p : part.points) polygon.push_back(p + shift);
        cv::fillConvexPoly(image, polygon, colour, lineType, kShift);
        break;
      case FigurePart::Kind::Ellipse:
        cv::ellipse(image, part.points[0] + shift, part.axes, 0.0, 0.0, 360.0, colour, cv::FILLED, lineType, kShift);
        break;
    }
  }
}

}  // namespace edgescope
