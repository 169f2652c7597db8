#include "turbo/ClassicEnhancer.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/photo.hpp>

#include "degrade/ImageDegrader.h"
#include "util/Error.h"

namespace edgescope {
namespace {

// NL-means windows: the smallest that still compare patches (7 × 7 search, 5 × 5 patches). OpenCV's defaults (21, 7)
// cost ≈ 400 ms per 768×576 luma plane on the development machine, which no frame interval could pay for.
constexpr int kNlmTemplatePx = 5;
constexpr int kNlmSearchPx = 7;
// classic: one blind recipe.
constexpr float kClassicNlmH = 6.0f;  ///< NL-means strength on L (mild: the noise level is unknown)
constexpr double kClaheClipLimit = 2.0;
constexpr int kClaheTiles = 8;
constexpr double kClassicUnsharpSigmaPx = 1.5;
constexpr double kClassicUnsharpAmount = 0.6;
// oracle.
constexpr double kNlmHPerSigma = 1.2;          ///< NL-means h per sigma of the luma noise (PSNR-tuned)
constexpr double kDimMeanLuma = 90.0;          ///< a dark frame still dimmer than this gets a gamma lift …
constexpr double kTargetMeanLuma = 110.0;      ///< … to this mean
constexpr double kWienerNoiseToSignal = 0.01;  ///< K of the Wiener filter (PSNR-tuned on vtest.avi)
constexpr double kReferenceWidthPx = 768.0;    ///< ImageDegrader's reference width (its sizes scale with the width)

void requireImage(const cv::Mat& bgr, const char* what) {
  if (bgr.empty() || bgr.type() != CV_8UC3)
    throw Error(std::string(what) + ": expected a non-empty 8-bit BGR image (CV_8UC3)");
}

/// @p channel + amount × (channel − Gaussian(channel, sigma)), saturated.
cv::Mat unsharp(const cv::Mat& channel, double sigmaPx, double amount) {
  cv::Mat blurred, out;
  cv::GaussianBlur(channel, blurred, cv::Size(), sigmaPx);
  cv::addWeighted(channel, 1.0 + amount, blurred, -amount, 0.0, out);
  return out;
}

/// Applies @p lumaOp to Y of YCrCb (and @p chromaSigmaPx > 0: a Gaussian blur to Cr and Cb), back to BGR.
template <typename LumaOp>
cv::Mat onLuma(const cv::Mat& bgr, LumaOp lumaOp, double chromaSigmaPx = 0.0) {
  cv::Mat ycrcb, out;
  cv::cvtColor(bgr, ycrcb, cv::COLOR_BGR2YCrCb);
  std::vector<cv::Mat> planes;
  cv::split(ycrcb, planes);
  planes[0] = lumaOp(planes[0]);
  if (chromaSigmaPx > 0.0) {
    for (int c = 1; c < 3; ++c) cv::GaussianBlur(planes[c], planes[c], cv::Size(), chromaSigmaPx);
  }
  cv::merge(planes, ycrcb);
  cv::cvtColor(ycrcb, out, cv::COLOR_YCrCb2BGR);
  return out;
}

/// NL-means on luma with h matched to a noise of @p sigma levels per colour channel; chroma blurred in proportion.
cv::Mat denoise(const cv::Mat& bgr, double sigma) {
  // Independent noise of sigma per channel is ≈ 0.67 sigma on luma (0.299² + 0.587² + 0.114²) and ≈ 0.66 sigma on
  // each chroma plane.
  const float h = static_cast<float>(kNlmHPerSigma * 0.67 * sigma);
  return onLuma(
      bgr,
      [h](const cv::Mat& y) {
        cv::Mat out;
        cv::fastNlMeansDenoising(y, out, h, kNlmTemplatePx, kNlmSearchPx);
        return out;
      },
      0.6 + sigma / 12.0);
}

/// Raises a dim frame's mean luma to kTargetMeanLuma by a gamma curve (no-op when it is bright enough).
cv::Mat liftIfDim(const cv::Mat& bgr) {
  cv::Mat gray;
  cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
  const double mean = cv::mean(gray)[0];
  if (mean >= kDimMeanLuma || mean < 1.0) return bgr;
  const double gamma = std::log(kTargetMeanLuma / 255.0) / std::log(mean / 255.0);
  cv::Mat table(1, 256, CV_8U);
  for (int v = 0; v < 256; ++v)
    table.at<std::uint8_t>(v) = cv::saturate_cast<std::uint8_t>(255.0 * std::pow(v / 255.0, gamma));
  cv::Mat out;
  cv::LUT(bgr, table, out);
  return out;
}

}  // namespace

double ClassicEnhancer::darkNoiseSigma(double strength) {
  // ImageDegrader's dark: a mid-grey pixel (sRGB 0.5, linear 0.21) collects gain × 0.21 × 2000 electrons, photon
  // noise √n plus read noise 3 e⁻; auto-gain divides by the gain. On the sRGB curve at mid-grey, dV/dL ≈ 1.08.
  constexpr double kMidLinear = 0.214, kFullWell = 2000.0, kReadNoise = 3.0, kSlope = 1.08;
  const double electrons = ImageDegrader::darkGain(strength) * kMidLinear * kFullWell;
  const double relative = std::sqrt(electrons + kReadNoise * kReadNoise) / electrons;
  return 255.0 * kSlope * kMidLinear * relative;
}

cv::Mat ClassicEnhancer::classic(const cv::Mat& bgr) {
  requireImage(bgr, "classic enhancer");
  cv::Mat lab, out;
  cv::cvtColor(bgr, lab, cv::COLOR_BGR2Lab);
  std::vector<cv::Mat> planes;
  cv::split(lab, planes);
  // Denoise first: CLAHE and the unsharp mask would amplify the noise.
  cv::Mat l;
  cv::fastNlMeansDenoising(planes[0], l, kClassicNlmH, kNlmTemplatePx, kNlmSearchPx);
  cv::createCLAHE(kClaheClipLimit, cv::Size(kClaheTiles, kClaheTiles))->apply(l, l);
  planes[0] = unsharp(l, kClassicUnsharpSigmaPx, kClassicUnsharpAmount);
  cv::merge(planes, lab);
  cv::cvtColor(lab, out, cv::COLOR_Lab2BGR);
  return out;
}

cv::Mat ClassicEnhancer::oracle(const cv::Mat& bgr, const FrameDegradation& degradation) {
  requireImage(bgr, "classic-oracle enhancer");
  const double strength = std::clamp(degradation.strength, 0.0, 1.0);
  switch (degradation.kind) {
    case DegradationKind::None:
      return bgr;
    case DegradationKind::Dark:
      return denoise(liftIfDim(bgr), darkNoiseSigma(strength));
    case DegradationKind::Noise:
      return denoise(bgr, ImageDegrader::noiseSigma(strength));
    case DegradationKind::Motion: {
      const cv::Mat kernel =
          WienerDeconvolution::motionKernel(ImageDegrader::motionLengthPx(strength, bgr.cols), degradation.angleDeg);
      return onLuma(bgr, [&](const cv::Mat& y) { return wiener_.apply(y, kernel, kWienerNoiseToSignal); });
    }
    case DegradationKind::Defocus: {
      const cv::Mat kernel = WienerDeconvolution::diskKernel(ImageDegrader::defocusRadiusPx(strength, bgr.cols));
      return onLuma(bgr, [&](const cv::Mat& y) { return wiener_.apply(y, kernel, kWienerNoiseToSignal); });
    }
    case DegradationKind::Jpeg: {
      // Block edges are small steps: a bilateral filter whose colour sigma grows as the quality falls smooths them
      // and keeps the larger steps of real edges.
      const double sigmaColor = 10.0 + 30.0 * strength;
      cv::Mat out;
      cv::bilateralFilter(bgr, out, 7, sigmaColor, 3.0 * bgr.cols / kReferenceWidthPx);
      return out;
    }
    case DegradationKind::LowRes: {
      const double factor = ImageDegrader::lowResFactor(strength);
      return onLuma(bgr, [factor](const cv::Mat& y) { return unsharp(y, 0.5 * factor, 1.0); });
    }
  }
  return bgr;
}

}  // namespace edgescope
