#include "synthetic/SceneLighting.h"

#include <algorithm>
#include <cmath>

#include "synthetic/ProceduralTexture.h"
#include "synthetic/StreetBackground.h"
#include "util/Rng.h"

namespace edgescope {
namespace {

constexpr double kTwoPi = 6.283185307179586;
constexpr int kTextureSize = 64;

}  // namespace

SceneLighting::SceneLighting(const StreetCamera& camera, std::uint64_t seed, bool enabled)
    : camera_(camera), enabled_(enabled), salt_(Rng::mix(seed, 0x11647)) {
  if (!enabled_) return;
  Rng rng(salt_);
  phase1_ = rng.uniform(0.0, kTwoPi);
  phase2_ = rng.uniform(0.0, kTwoPi);
  cloudOffsetS_ = rng.uniform(0.0, 1000.0);
  // The cloud: a few soft blobs, faded out towards the border of its footprint.
  double blobs[7][3];
  for (auto& blob : blobs) {
    blob[0] = rng.uniform(0.3, 0.7);
    blob[1] = rng.uniform(0.3, 0.7);
    blob[2] = rng.uniform(0.08, 0.18);
  }
  texture_.create(kTextureSize, kTextureSize, CV_32F);
  for (int j = 0; j < kTextureSize; ++j) {
    for (int i = 0; i < kTextureSize; ++i) {
      const double u = (i + 0.5) / kTextureSize, v = (j + 0.5) / kTextureSize;
      double sum = 0.0;
      for (const auto& blob : blobs) {
        const double dx = (u - blob[0]) / blob[2], dy = (v - blob[1]) / blob[2];
        sum += std::exp(-0.5 * (dx * dx + dy * dy));
      }
      const double edge = std::min({u, 1.0 - u, v, 1.0 - v});
      texture_.at<float>(j, i) =
          static_cast<float>(std::min(1.0, sum) * ProceduralTexture::smoothstep(0.0, 0.12, edge));
    }
  }
}

double SceneLighting::gain(double timeS) const {
  if (!enabled_) return 1.0;
  return 1.0 + 0.12 * std::sin(kTwoPi * timeS / 47.0 + phase1_) + 0.05 * std::sin(kTwoPi * timeS / 13.0 + phase2_);
}

SceneLighting::Cloud SceneLighting::cloudAt(double timeS) const {
  // One pass: the cloud crosses the whole visible ground, then a pause; each pass at another depth.
  const double span = camera_.halfWidthAt(0.7 * camera_.facadeY()) + kCloudWidth;
  const double passS = 2.0 * span / kCloudSpeed + 10.0;
  const double t = timeS + cloudOffsetS_;
  const double pass = std::floor(t / passS);
  Cloud cloud;
  cloud.x = -span + kCloudSpeed * (t - pass * passS);
  const double r = ProceduralTexture::hash01(static_cast<std::int64_t>(pass), 0, salt_);
  cloud.y = camera_.nearGroundY() + r * (0.6 * camera_.facadeY() - camera_.nearGroundY());
  return cloud;
}

double SceneLighting::density(const Cloud& cloud, double x, double y) const {
  const double u = ((x - cloud.x) / kCloudWidth + 0.5) * kTextureSize - 0.5;
  const double v = ((y - cloud.y) / kCloudDepth + 0.5) * kTextureSize - 0.5;
  if (u < 0.0 || v < 0.0 || u >= kTextureSize - 1 || v >= kTextureSize - 1) return 0.0;
  const int i = static_cast<int>(u), j = static_cast<int>(v);
  const double fu = u - i, fv = v - j;
  const float* row0 = texture_.ptr<float>(j);
  const float* row1 = texture_.ptr<float>(j + 1);
  return (row0[i] * (1.0 - fu) + row0[i + 1] * fu) * (1.0 - fv) + (row1[i] * (1.0 - fu) + row1[i + 1] * fu) * fv;
}

double SceneLighting::lightAt(double timeS, double x, double y) const {
  if (!enabled_) return 1.0;
  return gain(timeS) * (1.0 - kShadow * density(cloudAt(timeS), x, y));
}

void SceneLighting::apply(double timeS, const cv::Mat& surface, cv::Mat& image) const {
  if (!enabled_) return;
  const double g = gain(timeS);
  const Cloud cloud = cloudAt(timeS);
  const int globalFactor = static_cast<int>(std::lround(256.0 * g));
  const double f = camera_.focal();
  const double h = camera_.mountHeight();
  const double facadeY = camera_.facadeY();
  const double cx = camera_.centerX();
  for (int v = 0; v < image.rows; ++v) {
    const cv::Vec3d ray = camera_.ray(cx, v);
    // Ground (and facade) coordinates along this row are linear in the column.
    const double groundT = ray[2] < 0.0 ? h / -ray[2] : 0.0;
    const double groundY = groundT * ray[1];
    const bool groundRowShaded = ray[2] < 0.0 && std::abs(groundY - cloud.y) < 0.5 * kCloudDepth;
    const bool facadeShaded = std::abs(facadeY - cloud.y) < 0.5 * kCloudDepth;
    const double facadeT = ray[1] > 0.0 ? facadeY / ray[1] : 0.0;
    const std::uint8_t* kind = surface.ptr<std::uint8_t>(v);
    std::uint8_t* px = image.ptr<std::uint8_t>(v);
    for (int u = 0; u < image.cols; ++u, px += 3) {
      int factor = globalFactor;
      if ((kind[u] == StreetBackground::Ground && groundRowShaded) ||
          (kind[u] == StreetBackground::Facade && facadeShaded)) {
        const bool ground = kind[u] == StreetBackground::Ground;
        const double x = (ground ? groundT : facadeT) * (u - cx) / f;
        const double d = density(cloud, x, ground ? groundY : facadeY);
        if (d > 0.0) factor = static_cast<int>(std::lround(256.0 * g * (1.0 - kShadow * d)));
      }
      if (factor == 256) continue;
      for (int c = 0; c < 3; ++c) px[c] = static_cast<std::uint8_t>(std::min(255, (px[c] * factor + 128) >> 8));
    }
  }
}

}  // namespace edgescope
