#include "synthetic/BuildingRow.h"

#include <algorithm>
#include <cmath>

#include "synthetic/ProceduralTexture.h"
#include "util/Rng.h"

namespace edgescope {
namespace {

using PT = ProceduralTexture;

const cv::Vec3d kWallPalette[] = {
    {150, 180, 205}, {120, 140, 175}, {70, 90, 150},  {185, 195, 200}, {160, 170, 170},
    {110, 150, 190}, {175, 165, 150}, {95, 110, 130}, {200, 210, 215}, {130, 125, 120},
};

}  // namespace

BuildingRow::BuildingRow(std::uint64_t seed) : salt_(Rng::mix(seed, 0xB1D6)) {}

double BuildingRow::heightAt(double x) const {
  const double cell = std::floor(x / kBlockWidth);
  const auto c = static_cast<std::int64_t>(cell);
  const double local = x - cell * kBlockWidth;
  if (PT::hash01(c, 1, salt_) < 0.3 && local < kAlleyWidth) return 0.0;
  return 7.0 + 21.0 * PT::hash01(c, 2, salt_);
}

cv::Vec3d BuildingRow::colourAt(double x, double z, double footprint) const {
  const double cell = std::floor(x / kBlockWidth);
  const auto c = static_cast<std::int64_t>(cell);
  const double local = x - cell * kBlockWidth;
  const double height = heightAt(x);
  const int paletteSize = static_cast<int>(sizeof(kWallPalette) / sizeof(kWallPalette[0]));
  const int colourIndex = static_cast<int>(PT::hash01(c, 3, salt_) * paletteSize);
  cv::Vec3d wall = kWallPalette[colourIndex] * (0.85 + 0.25 * PT::hash01(c, 4, salt_));
  wall *= 0.93 + 0.1 * PT::valueNoise(x * 0.7, z * 0.7, salt_ + 1);

  // Cornice along the roof line and a shadow line at the block edges.
  if (z > height - 0.6) return wall * 0.62;
  const double edgeDistance = std::min(local, kBlockWidth - local);
  if (edgeDistance < 0.35) wall *= 0.78;

  const double ground = 3.6;
  const double bayWidth = 2.4 + 0.8 * PT::hash01(c, 5, salt_);
  const double floorHeight = 3.0 + 0.4 * PT::hash01(c, 6, salt_);
  if (z < ground) {
    // Shop front: a band of dark glass between pillars, a lighter sign above it.
    if (z > ground - 0.7)
      return PT::mix(wall, cv::Vec3d(60, 70, 170) + cv::Vec3d(80, 60, 40) * PT::hash01(c, 7, salt_), 0.6);
    const double pillar = std::fmod(local, 4.0);
    if (z > 0.3 && pillar > 0.6) {
      const double lit = PT::hash01(c, static_cast<std::int64_t>(local / 4.0) + 100, salt_);
      return cv::Vec3d(55, 60, 62) + cv::Vec3d(40, 70, 90) * lit;
    }
    return wall * 0.8;
  }
  const double fz = (z - ground) / floorHeight;
  const double fx = local / bayWidth;
  const double wz = fz - std::floor(fz);
  const double wx = fx - std::floor(fx);
  // Window: 50 % of the bay width, from 30 % to 80 % of the floor height, anti-aliased by the pixel footprint.
  const double soft = footprint / bayWidth;
  const double inX =
      PT::smoothstep(0.25 - soft, 0.25 + soft, wx) * (1.0 - PT::smoothstep(0.75 - soft, 0.75 + soft, wx));
  const double softZ = footprint / floorHeight;
  const double inZ =
      PT::smoothstep(0.3 - softZ, 0.3 + softZ, wz) * (1.0 - PT::smoothstep(0.8 - softZ, 0.8 + softZ, wz));
  const double window = inX * inZ;
  if (window <= 0.0 || z > height - 1.2) return wall;
  const auto wxIndex = static_cast<std::int64_t>(std::floor(fx));
  const auto wzIndex = static_cast<std::int64_t>(std::floor(fz));
  const double r = PT::hash01(c * 1000 + wxIndex, wzIndex, salt_);
  const cv::Vec3d glass = r < 0.12 ? cv::Vec3d(110, 185, 225) : cv::Vec3d(70, 62, 55) * (0.7 + 0.6 * r);
  return PT::mix(wall, glass, window);
}

}  // namespace edgescope
