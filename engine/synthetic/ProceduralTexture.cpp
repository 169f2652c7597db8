#include "synthetic/ProceduralTexture.h"

#include <algorithm>
#include <cmath>

#include "util/Rng.h"

namespace edgescope {

double ProceduralTexture::hash01(std::int64_t x, std::int64_t y, std::uint64_t salt) {
  const std::uint64_t key = static_cast<std::uint64_t>(x) * 0x9E3779B97F4A7C15ULL ^
                            (static_cast<std::uint64_t>(y) + 0x632BE59BD9B4E019ULL) * 0xC2B2AE3D27D4EB4FULL;
  return static_cast<double>(Rng::mix(salt, key) >> 11) * (1.0 / 9007199254740992.0);
}

double ProceduralTexture::smoothstep(double edge0, double edge1, double x) {
  const double t = clamp01((x - edge0) / (edge1 - edge0));
  return t * t * (3.0 - 2.0 * t);
}

double ProceduralTexture::valueNoise(double x, double y, std::uint64_t salt) {
  const double fx = std::floor(x);
  const double fy = std::floor(y);
  const auto ix = static_cast<std::int64_t>(fx);
  const auto iy = static_cast<std::int64_t>(fy);
  const double tx = smoothstep(0.0, 1.0, x - fx);
  const double ty = smoothstep(0.0, 1.0, y - fy);
  const double a = hash01(ix, iy, salt);
  const double b = hash01(ix + 1, iy, salt);
  const double c = hash01(ix, iy + 1, salt);
  const double d = hash01(ix + 1, iy + 1, salt);
  return (a + (b - a) * tx) * (1.0 - ty) + (c + (d - c) * tx) * ty;
}

double ProceduralTexture::gridLineCoverage(double pos, double halfWidth, double footprint) {
  const double mean = 2.0 * halfWidth;
  // A box filter slightly wider than the pixel keeps sub-pixel lines from beating into moiré.
  const double width = 1.5 * footprint;
  if (width >= 1.0) return mean;
  const double frac = pos - std::floor(pos);
  const double distance = frac < 0.5 ? frac : 1.0 - frac;
  // Exact overlap of the pixel footprint [distance ± width/2] with the line [−halfWidth, halfWidth].
  const double overlap = std::min(halfWidth, distance + 0.5 * width) - std::max(-halfWidth, distance - 0.5 * width);
  const double sharp = overlap > 0.0 ? overlap / width : 0.0;
  const double fade = clamp01((width - 0.5) / 0.5);
  return sharp + (mean - sharp) * fade;
}

}  // namespace edgescope
