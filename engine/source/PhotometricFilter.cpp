#include "source/PhotometricFilter.h"

#include <algorithm>
#include <cmath>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace edgescope {
namespace {

/// sRGB transfer function (IEC 61966-2-1), values in [0, 1].
double srgbToLinear(double v) { return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); }
double linearToSrgb(double v) { return v <= 0.0031308 ? 12.92 * v : 1.055 * std::pow(v, 1.0 / 2.4) - 0.055; }

}  // namespace

PhotometricFilter::PhotometricFilter(double gain, double blurSigmaPx, double noiseSigma)
    : blurSigmaPx_(blurSigmaPx), noise_(noiseSigma) {
  if (gain == 1.0) return;
  gainTable_.create(1, 256, CV_8U);
  for (int v = 0; v < 256; ++v) {
    const double linear = std::min(1.0, srgbToLinear(v / 255.0) * gain);
    gainTable_.at<std::uint8_t>(v) = static_cast<std::uint8_t>(std::lround(255.0 * linearToSrgb(linear)));
  }
}

cv::Mat PhotometricFilter::apply(const cv::Mat& image, std::uint64_t seed, std::int64_t frame) const {
  if (!enabled()) return image;
  cv::Mat out;
  if (!gainTable_.empty()) cv::LUT(image, gainTable_, out);
  if (blurSigmaPx_ > 0.0) {
    cv::GaussianBlur(out.empty() ? image : out, out, cv::Size(0, 0), blurSigmaPx_, blurSigmaPx_,
                     cv::BORDER_REFLECT_101);
  }
  if (out.empty()) out = image.clone();
  noise_.apply(out, seed, frame);
  return out;
}

}  // namespace edgescope
