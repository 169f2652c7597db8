#include "turbo/WienerDeconvolution.h"

#include <algorithm>
#include <cmath>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "util/Error.h"

namespace edgescope {
namespace {

constexpr int kSubPixelShift = 4;  ///< cv::line/cv::circle fixed-point bits: sub-pixel lengths and radii

cv::Mat normalised(cv::Mat kernel) {
  const double sum = cv::sum(kernel)[0];
  if (sum > 0.0) kernel /= sum;
  return kernel;
}

}  // namespace

cv::Mat WienerDeconvolution::motionKernel(int lengthPx, double angleDeg) {
  const int length = std::max(1, lengthPx);
  const int half = length / 2 + 1;
  cv::Mat kernel = cv::Mat::zeros(2 * half + 1, 2 * half + 1, CV_32F);
  const double radians = angleDeg * CV_PI / 180.0;
  const double dx = 0.5 * (length - 1) * std::cos(radians), dy = 0.5 * (length - 1) * std::sin(radians);
  const double scale = 1 << kSubPixelShift;
  const cv::Point from(static_cast<int>(std::lround((half - dx) * scale)),
                       static_cast<int>(std::lround((half - dy) * scale)));
  const cv::Point to(static_cast<int>(std::lround((half + dx) * scale)),
                     static_cast<int>(std::lround((half + dy) * scale)));
  cv::line(kernel, from, to, cv::Scalar(1.0), 1, cv::LINE_AA, kSubPixelShift);
  return normalised(kernel);
}

cv::Mat WienerDeconvolution::diskKernel(double radiusPx) {
  const double radius = std::max(0.5, radiusPx);
  const int half = static_cast<int>(std::ceil(radius));
  cv::Mat kernel = cv::Mat::zeros(2 * half + 1, 2 * half + 1, CV_32F);
  cv::circle(kernel, cv::Point(half << kSubPixelShift, half << kSubPixelShift),
             static_cast<int>(std::lround(radius * (1 << kSubPixelShift))), cv::Scalar(1.0), cv::FILLED, cv::LINE_AA,
             kSubPixelShift);
  return normalised(kernel);
}

cv::Mat WienerDeconvolution::filterFor(cv::Size padded, const cv::Mat& kernel, double noiseToSignal) {
  const bool same = padded == cachedSize_ && noiseToSignal == cachedNsr_ && kernel.size() == cachedKernel_.size() &&
                    cv::norm(kernel, cachedKernel_, cv::NORM_INF) == 0.0;
  if (same) return cachedFilter_;
  // The kernel's centre at the origin, wrapped around: the filter then does not shift the image.
  cv::Mat psf = cv::Mat::zeros(padded, CV_32F);
  const int cx = kernel.cols / 2, cy = kernel.rows / 2;
  for (int y = 0; y < kernel.rows; ++y)
    for (int x = 0; x < kernel.cols; ++x)
      psf.at<float>((y - cy + padded.height) % padded.height, (x - cx + padded.width) % padded.width) =
          kernel.at<float>(y, x);
  cv::Mat spectrum;
  cv::dft(psf, spectrum, cv::DFT_COMPLEX_OUTPUT);
  // W = conj(H) / (|H|² + K), then back to a real image and forward again in the packed (CCS) layout that
  // cv::mulSpectrums takes with the image's real DFT.
  cv::Mat wiener(padded, CV_32FC2);
  for (int y = 0; y < padded.height; ++y) {
    const cv::Vec2f* h = spectrum.ptr<cv::Vec2f>(y);
    cv::Vec2f* w = wiener.ptr<cv::Vec2f>(y);
    for (int x = 0; x < padded.width; ++x) {
      const float denominator = h[x][0] * h[x][0] + h[x][1] * h[x][1] + static_cast<float>(noiseToSignal);
      w[x] = cv::Vec2f(h[x][0] / denominator, -h[x][1] / denominator);
    }
  }
  cv::Mat spatial;
  cv::dft(wiener, spatial, cv::DFT_INVERSE | cv::DFT_REAL_OUTPUT | cv::DFT_SCALE);
  cv::dft(spatial, cachedFilter_);
  cachedKernel_ = kernel.clone();
  cachedSize_ = padded;
  cachedNsr_ = noiseToSignal;
  return cachedFilter_;
}

cv::Mat WienerDeconvolution::apply(const cv::Mat& channel, const cv::Mat& kernel, double noiseToSignal) {
  if (channel.empty() || channel.type() != CV_8UC1)
    throw Error("Wiener deconvolution: expected a non-empty 8-bit channel");
  if (kernel.empty() || kernel.type() != CV_32F || kernel.cols % 2 == 0 || kernel.rows % 2 == 0)
    throw Error("Wiener deconvolution: the kernel must be a non-empty CV_32F image with odd sides");
  if (!(noiseToSignal > 0.0)) throw Error("Wiener deconvolution: the noise-to-signal ratio must be > 0");
  // Reflected borders at least the kernel wide keep the circular convolution's wrap-around out of the image.
  const int pad = std::max(kernel.cols, kernel.rows) + 8;
  const cv::Size padded(cv::getOptimalDFTSize(channel.cols + 2 * pad), cv::getOptimalDFTSize(channel.rows + 2 * pad));
  cv::Mat border;
  cv::copyMakeBorder(channel, border, pad, padded.height - channel.rows - pad, pad, padded.width - channel.cols - pad,
                     cv::BORDER_REFLECT);
  cv::Mat image, spectrum, product, restored;
  border.convertTo(image, CV_32F);
  cv::dft(image, spectrum);
  cv::mulSpectrums(spectrum, filterFor(padded, kernel, noiseToSignal), product, 0);
  cv::dft(product, restored, cv::DFT_INVERSE | cv::DFT_REAL_OUTPUT | cv::DFT_SCALE);
  cv::Mat out;
  restored(cv::Rect(pad, pad, channel.cols, channel.rows)).convertTo(out, CV_8U);
  return out;
}

}  // namespace edgescope
