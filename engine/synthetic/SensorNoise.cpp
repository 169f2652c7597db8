#include "synthetic/SensorNoise.h"

#include <algorithm>
#include <cmath>

#include "util/Rng.h"

namespace edgescope {

SensorNoise::SensorNoise(double sigma) {
  if (sigma <= 0.0) return;
  table_.resize(65536);
  for (std::size_t i = 0; i < table_.size(); ++i) {
    const double p = (static_cast<double>(i) + 0.5) / 65536.0;
    table_[i] = static_cast<std::int16_t>(std::lround(sigma * normalQuantile(p)));
  }
}

double SensorNoise::normalQuantile(double p) {
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                             1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01, -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                             3.754408661907416e+00};
  const double low = 0.02425;
  if (p < low || p > 1.0 - low) {
    const double q = std::sqrt(-2.0 * std::log(p < low ? p : 1.0 - p));
    const double x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
                     ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    return p < low ? x : -x;
  }
  const double q = p - 0.5;
  const double r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
}

void SensorNoise::apply(cv::Mat& image, std::uint64_t seed, std::int64_t frame) const {
  if (table_.empty()) return;
  CV_Assert(image.depth() == CV_8U);
  Rng rng(Rng::mix(seed ^ 0x6E015EULL, static_cast<std::uint64_t>(frame)));
  const std::int16_t* table = table_.data();
  const int rowBytes = image.cols * image.channels();
  for (int y = 0; y < image.rows; ++y) {
    std::uint8_t* p = image.ptr<std::uint8_t>(y);
    int x = 0;
    while (x < rowBytes) {
      std::uint64_t bits = rng.nextU64();
      for (int k = 0; k < 4 && x < rowBytes; ++k, ++x, bits >>= 16) {
        const int value = p[x] + table[bits & 0xFFFF];
        p[x] = static_cast<std::uint8_t>(value < 0 ? 0 : (value > 255 ? 255 : value));
      }
    }
  }
}

}  // namespace edgescope
