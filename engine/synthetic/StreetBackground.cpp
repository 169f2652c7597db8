#include "synthetic/StreetBackground.h"

#include <algorithm>
#include <cmath>

#include "synthetic/ProceduralTexture.h"
#include "util/Rng.h"

namespace edgescope {
namespace {

using PT = ProceduralTexture;

const cv::Vec3d kPavingPalette[] = {
    {150, 155, 160}, {100, 115, 160}, {135, 160, 180}, {150, 148, 140}, {120, 130, 140}, {90, 105, 135},
};
const cv::Vec3d kHorizonSky(228, 220, 212);
const cv::Vec3d kZenithSky(205, 155, 110);

std::uint8_t toByte(double value) {
  const long rounded = std::lround(value);
  return static_cast<std::uint8_t>(rounded < 0 ? 0 : (rounded > 255 ? 255 : rounded));
}

}  // namespace

StreetBackground::StreetBackground(const StreetCamera& camera, std::uint64_t seed)
    : camera_(camera), buildings_(seed), salt_(Rng::mix(seed, 0xBAC6)) {
  Rng rng(Rng::mix(seed, 0x7113));
  tileSize_ = rng.uniform(0.4, 0.75);
  const int paletteSize = static_cast<int>(sizeof(kPavingPalette) / sizeof(kPavingPalette[0]));
  pavingBase_ = kPavingPalette[rng.uniformInt(0, paletteSize - 1)] * rng.uniform(0.9, 1.1);

  const int width = camera.width();
  const int height = camera.height();
  const double f = camera.focal();
  const double h = camera.mountHeight();
  const double facadeY = camera.facadeY();
  image_.create(height, width, CV_8UC3);
  surface_.create(height, width, CV_8UC1);
  for (int v = 0; v < height; ++v) {
    auto* out = image_.ptr<std::uint8_t>(v);
    auto* kind = surface_.ptr<std::uint8_t>(v);
    for (int u = 0; u < width; ++u) {
      const cv::Vec3d ray = camera.ray(u, v);
      cv::Vec3d colour;
      Surface what = Sky;
      bool facadeHit = false;
      if (ray[1] > 0.0) {
        const double t = facadeY / ray[1];
        const double z = h + t * ray[2];
        const double x = t * ray[0];
        if (z >= 0.0 && z < buildings_.heightAt(x)) {
          colour = haze(buildings_.colourAt(x, z, t * std::sqrt(ray.dot(ray)) / f), facadeY);
          what = Facade;
          facadeHit = true;
        }
      }
      if (!facadeHit && ray[2] < 0.0) {
        const double down = -ray[2];
        const double t = h / down;
        const double x = t * ray[0];
        const double y = t * ray[1];
        // Footprint of one pixel on the ground: across (x) and along (y, foreshortened) the view direction.
        const double footprintX = t / f;
        const double footprintY = footprintX * std::sqrt(ray[1] * ray[1] + down * down) / down;
        colour = haze(groundColour(x, y, footprintX, footprintY), std::hypot(x, y));
        what = Ground;
      } else if (!facadeHit) {
        colour = skyColour(u, v);
      }
      colour += cv::Vec3d::all((PT::hash01(u, v, salt_ + 7) - 0.5) * 5.0);
      out[3 * u + 0] = toByte(colour[0]);
      out[3 * u + 1] = toByte(colour[1]);
      out[3 * u + 2] = toByte(colour[2]);
      kind[u] = what;
    }
  }
}

cv::Vec3d StreetBackground::haze(const cv::Vec3d& colour, double distance) const {
  return PT::mix(colour, kHorizonSky, 0.45 * (1.0 - std::exp(-distance / 250.0)));
}

cv::Vec3d StreetBackground::groundColour(double x, double y, double footprintX, double footprintY) const {
  const double facadeY = camera_.facadeY();
  const double kerbFar = facadeY - 4.0;     // sidewalk in front of the buildings
  const double roadFar = facadeY - 4.25;    // far kerb stone
  const double roadNear = facadeY - 13.25;  // road
  const double kerbNear = facadeY - 13.5;   // near kerb stone, plaza in front
  const double dirt = 0.9 + 0.14 * PT::valueNoise(x / 3.0, y / 3.0, salt_ + 11);
  if (y >= facadeY) return asphaltColour(x, y, footprintX, footprintY) * dirt;
  if (y >= kerbFar) {
    // Sidewalk: small square concrete slabs.
    const double lines = std::max(PT::gridLineCoverage(x / 0.5, 0.04, footprintX / 0.5),
                                  PT::gridLineCoverage(y / 0.5, 0.04, footprintY / 0.5));
    return PT::mix(cv::Vec3d(170, 172, 172), cv::Vec3d(110, 112, 112), lines) * dirt;
  }
  if (y >= roadFar || (y >= kerbNear && y < roadNear)) return cv::Vec3d(190, 192, 190) * dirt;
  if (y >= roadNear) {
    cv::Vec3d colour = asphaltColour(x, y, footprintX, footprintY);
    // Dashed centre line: 3 m dashes every 9 m, 15 cm wide.
    const double centre = 0.5 * (roadNear + roadFar);
    const double across = PT::clamp01((0.075 - std::abs(y - centre)) / footprintY + 0.5);
    const double dash = PT::clamp01((1.5 - std::abs(x - 9.0 * std::floor(x / 9.0) - 1.5)) / footprintX + 0.5);
    const double paint = std::min(across, 1.0) * (footprintX > 3.0 ? 1.0 / 3.0 : dash);
    colour = PT::mix(colour, cv::Vec3d(215, 225, 230), paint);
    return colour * dirt;
  }
  return pavingColour(x, y, footprintX, footprintY) * dirt;
}

cv::Vec3d StreetBackground::pavingColour(double x, double y, double footprintX, double footprintY) const {
  // Running bond: rows of tiles, every other row shifted by half a tile.
  const double row = std::floor(y / tileSize_);
  const auto rowIndex = static_cast<std::int64_t>(row);
  const double shiftedX = x / tileSize_ + ((rowIndex & 1) != 0 ? 0.5 : 0.0);
  const auto columnIndex = static_cast<std::int64_t>(std::floor(shiftedX));
  const double fx = footprintX / tileSize_;
  const double fy = footprintY / tileSize_;
  const double variation = 1.0 / (1.0 + 3.0 * std::max(fx, fy));
  const double tone = PT::hash01(columnIndex, rowIndex, salt_ + 1) - 0.5;
  const double tint = PT::hash01(columnIndex, rowIndex, salt_ + 2) - 0.5;
  cv::Vec3d tile = pavingBase_ * (1.0 + 0.32 * tone * variation);
  tile += cv::Vec3d(-8.0, 0.0, 8.0) * tint * variation;
  tile *= 0.96 + 0.08 * PT::valueNoise(x * 6.0, y * 6.0, salt_ + 3) * variation;
  // Staggered joints: once a pixel spans a good part of a tile row, it mixes two rows' joints, so fade them out.
  const double jointFade = PT::clamp01((fy - 0.12) / 0.3);
  const double joints = PT::gridLineCoverage(shiftedX, 0.045, fx) * (1.0 - jointFade) + 0.09 * jointFade;
  const double mortar = std::max(joints, PT::gridLineCoverage(y / tileSize_, 0.045, fy));
  return PT::mix(tile, pavingBase_ * 0.55, mortar);
}

cv::Vec3d StreetBackground::asphaltColour(double x, double y, double footprintX, double footprintY) const {
  const double grain = PT::valueNoise(x * 3.0, y * 3.0, salt_ + 5) - 0.5;
  const double fine =
      std::max(footprintX, footprintY) < 0.1
          ? PT::hash01(static_cast<std::int64_t>(x * 40.0), static_cast<std::int64_t>(y * 40.0), salt_ + 6)
          : 0.5;
  return cv::Vec3d(78, 80, 82) * (1.0 + 0.12 * grain + 0.1 * (fine - 0.5));
}

cv::Vec3d StreetBackground::skyColour(double u, double v) const {
  const double elevation = (camera_.horizonRow() - v) / camera_.focal();
  const double t = std::pow(PT::clamp01(elevation / 0.45), 0.7);
  cv::Vec3d colour = PT::mix(kHorizonSky, kZenithSky, t);
  const double cloud =
      PT::smoothstep(0.45, 0.8, PT::valueNoise(u / camera_.focal() * 5.0, elevation * 14.0, salt_ + 9));
  return PT::mix(colour, cv::Vec3d(240, 238, 236), 0.7 * cloud * PT::clamp01(elevation * 8.0));
}

}  // namespace edgescope
