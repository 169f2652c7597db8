#include "synthetic/PersonFactory.h"

#include <algorithm>
#include <cmath>

namespace edgescope {
namespace {

constexpr double kMinSpeed = 0.8;
constexpr double kMaxSpeed = 1.8;
constexpr double kMaxBend = 0.08;  // sagitta / chord

const cv::Scalar kSkin[] = {{190, 210, 240}, {150, 185, 225}, {120, 160, 205}, {80, 120, 170}, {55, 85, 125}};
const cv::Scalar kHair[] = {{30, 30, 35}, {30, 45, 70}, {40, 70, 110}, {110, 170, 210}, {160, 160, 165}, {40, 70, 160}};
const cv::Scalar kTrousers[] = {{125, 80, 45},   {85, 55, 35}, {38, 38, 42}, {110, 110, 115},
                                {120, 170, 190}, {75, 45, 30}, {45, 65, 95}, {150, 150, 150}};

template <std::size_t N>
cv::Scalar pick(const cv::Scalar (&palette)[N], Rng& rng, double jitter) {
  const cv::Scalar base = palette[rng.uniformInt(0, static_cast<int>(N) - 1)];
  cv::Scalar out;
  for (int c = 0; c < 3; ++c) out[c] = std::clamp(base[c] + rng.uniform(-jitter, jitter), 0.0, 255.0);
  return out;
}

/// HSV (h in [0, 6), s, v in [0, 1]) to BGR 0…255.
cv::Scalar hsvToBgr(double h, double s, double v) {
  const int sector = static_cast<int>(h) % 6;
  const double f = h - std::floor(h);
  const double p = v * (1.0 - s), q = v * (1.0 - s * f), t = v * (1.0 - s * (1.0 - f));
  double r = v, g = t, b = p;
  switch (sector) {
    case 0:
      r = v, g = t, b = p;
      break;
    case 1:
      r = q, g = v, b = p;
      break;
    case 2:
      r = p, g = v, b = t;
      break;
    case 3:
      r = p, g = q, b = v;
      break;
    case 4:
      r = t, g = p, b = v;
      break;
    default:
      r = v, g = p, b = q;
      break;
  }
  return {255.0 * b, 255.0 * g, 255.0 * r};
}

/// Fills the arc fields of @p person for the path from @p a to @p b bent by @p bend (sagitta / chord).
void setArc(SyntheticPerson& person, cv::Point2d a, cv::Point2d b, double bend) {
  const cv::Point2d chord = b - a;
  const double length = std::hypot(chord.x, chord.y);
  const double angle = 4.0 * std::atan(2.0 * bend);  // central angle of the arc
  person.start = a;
  person.heading0 = std::atan2(chord.y, chord.x) - 0.5 * angle;
  person.pathLength = std::abs(angle) < 1e-9 ? length : length * (0.5 * angle) / std::sin(0.5 * angle);
  person.curvature = std::abs(angle) < 1e-9 ? 0.0 : angle / person.pathLength;
}

}  // namespace

PersonFactory::PersonFactory(const StreetCamera& camera) : camera_(camera) {
  // Longest chords: a sideways crossing at the far walking depth, or the walk from the facades to the exit depth.
  const double farY = camera_.farWalkY();
  const double lateral = std::hypot(2.0 * (camera_.halfWidthAt(farY) + margin(farY)), 0.25 * farY);
  const double depthSpan = camera_.facadeY() - camera_.exitY();
  const double sideSpan =
      2.0 * 1.3 * camera_.halfWidthAt(camera_.nearGroundY()) + 0.35 * camera_.halfWidthAt(camera_.facadeY());
  const double depthwise = std::hypot(depthSpan, sideSpan);
  const double arc = 4.0 * std::atan(2.0 * kMaxBend);
  maxDurationS_ = std::max(lateral, depthwise) * (0.5 * arc) / std::sin(0.5 * arc) / kMinSpeed + 1.0;
}

double PersonFactory::margin(double y) const { return 0.8 + 3.0 * y / camera_.focal(); }

double PersonFactory::lateralNearY() const { return std::max(camera_.exitY() + 0.8, 0.8 * camera_.nearGroundY()); }

SyntheticPerson PersonFactory::make(Rng& rng) const {
  SyntheticPerson person;
  person.height = rng.uniform(1.55, 1.95);
  person.speed = rng.uniform(kMinSpeed, kMaxSpeed);
  person.strideLength = person.height * (0.5 + 0.25 * person.speed);
  person.phaseOffset = rng.uniform(0.0, 6.283185307179586);
  person.look = makeLook(rng);
  makePath(rng, person);
  if (person.pathLength / person.speed > maxDurationS_) person.speed = person.pathLength / maxDurationS_;
  return person;
}

void PersonFactory::makePath(Rng& rng, SyntheticPerson& person) const {
  const double kind = rng.uniform();
  const double bend = rng.uniform(-kMaxBend, kMaxBend);
  if (kind < 0.6) {
    // Sideways crossing, from just outside one image edge to just outside the other one. Near depths are favoured
    // so that people spread over the image rather than over the metres of ground.
    const double nearY = lateralNearY();
    const double farY = camera_.farWalkY();
    const double y0 = nearY + (farY - nearY) * std::pow(rng.uniform(), 1.4);
    const double y1 = std::clamp(y0 * (1.0 + rng.uniform(-0.25, 0.25)), nearY, farY);
    cv::Point2d a(-(camera_.halfWidthAt(y0) + margin(y0)), y0);
    cv::Point2d b(camera_.halfWidthAt(y1) + margin(y1), y1);
    if (kind >= 0.3) {
      a.x = -a.x;
      b.x = -b.x;
    }
    setArc(person, a, b, bend);
    return;
  }
  // Along the street: out of a facade towards the camera (leaving below or beside the image), or the reverse.
  const double farY = camera_.facadeY() - 0.3;
  const double exitX = rng.uniform(-1.3, 1.3) * camera_.halfWidthAt(camera_.nearGroundY());
  const double farX = 0.5 * exitX + rng.uniform(-0.35, 0.35) * camera_.halfWidthAt(farY);
  const cv::Point2d far(farX, farY);
  const cv::Point2d near(exitX, camera_.exitY());
  if (kind < 0.8) {
    setArc(person, far, near, bend);
  } else {
    setArc(person, near, far, bend);
  }
}

PersonLook PersonFactory::makeLook(Rng& rng) {
  PersonLook look;
  look.skin = pick(kSkin, rng, 12.0);
  look.hair = pick(kHair, rng, 10.0);
  const double shirtKind = rng.uniform();
  if (shirtKind < 0.12) {
    look.shirt = cv::Scalar::all(rng.uniform(215.0, 245.0));
  } else if (shirtKind < 0.25) {
    look.shirt = cv::Scalar::all(rng.uniform(25.0, 55.0));
  } else {
    look.shirt = hsvToBgr(rng.uniform(0.0, 6.0), rng.uniform(0.25, 0.9), rng.uniform(0.3, 0.95));
  }
  look.trousers = pick(kTrousers, rng, 10.0);
  look.shoes =
      rng.uniform() < 0.2 ? cv::Scalar::all(rng.uniform(190.0, 230.0)) : cv::Scalar::all(rng.uniform(25.0, 60.0));
  look.longSleeves = rng.uniform() < 0.5;
  return look;
}

}  // namespace edgescope
