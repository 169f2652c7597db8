#include "degrade/ImageDegrader.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "util/Error.h"
#include "util/Rng.h"

namespace edgescope {
namespace {

constexpr double kReferenceWidthPx = 768.0;
constexpr double kFullWellElectrons = 2000.0;  ///< electrons of a white pixel at normal exposure
constexpr double kReadNoiseElectrons = 3.0;    ///< sensor read noise, sigma in electrons
constexpr int kLinearBins = 16384;             ///< resolution of the linear → sRGB 8-bit table
constexpr int kNormalTableBits = 16;
constexpr int kNormalTableSize = 1 << kNormalTableBits;

double srgbToLinear(double v) { return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); }

double linearToSrgb(double v) { return v <= 0.0031308 ? 12.92 * v : 1.055 * std::pow(v, 1.0 / 2.4) - 0.055; }

std::uint8_t toByte(double unit) { return cv::saturate_cast<std::uint8_t>(std::lround(unit * 255.0)); }

/// Linear light (kLinearBins steps over 0 … 1) → 8-bit sRGB.
const std::vector<std::uint8_t>& linearToSrgbTable() {
  static const std::vector<std::uint8_t> table = [] {
    std::vector<std::uint8_t> t(kLinearBins);
    for (int i = 0; i < kLinearBins; ++i) t[i] = toByte(linearToSrgb(static_cast<double>(i) / (kLinearBins - 1)));
    return t;
  }();
  return table;
}

/// kNormalTableSize standard normal samples (Box–Muller from a fixed seed, the same on every machine). Pixel noise
/// picks one per value by a SplitMix64 hash of (frame seed, value index): a few ms per frame, independent of read
/// order and of OpenCV's RNG.
const std::vector<float>& normalTable() {
  static const std::vector<float> table = [] {
    std::vector<float> t(kNormalTableSize);
    Rng rng(0x6E6F726D616C7321ULL);
    for (float& value : t) value = static_cast<float>(rng.normal());
    return t;
  }();
  return table;
}

/// Fills @p out with @p count standard normal values: value i is normalTable()[hash(seed, first + i)].
void fillNormal(std::uint64_t seed, std::uint64_t first, int count, float* out) {
  const std::vector<float>& table = normalTable();
  for (int i = 0; i < count; ++i) {
    std::uint64_t z = seed + (first + static_cast<std::uint64_t>(i)) * 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    out[i] = table[(z ^ (z >> 31)) >> (64 - kNormalTableBits)];
  }
}

/// Underexposure by ImageDegrader::darkGain(strength): the sensor collects gain × the electrons of a normal exposure
/// (photon noise σ = √signal plus read noise), the camera writes 8-bit sRGB, and auto-gain brings the brightness back.
/// Row by row: no frame-sized temporaries.
cv::Mat applyDark(const cv::Mat& bgr, double strength, std::uint64_t noiseSeed) {
  const double gain = ImageDegrader::darkGain(strength);
  std::array<float, 256> electronsOf{};
  std::array<std::uint8_t, 256> autoGain{};
  for (int v = 0; v < 256; ++v) {
    const double linear = srgbToLinear(v / 255.0);
    electronsOf[v] = static_cast<float>(linear * gain * kFullWellElectrons);
    autoGain[v] = toByte(linearToSrgb(std::min(1.0, linear / gain)));
  }
  const std::vector<std::uint8_t>& encode = linearToSrgbTable();
  const float binsPerElectron = static_cast<float>((kLinearBins - 1) / kFullWellElectrons);
  const float readVariance = static_cast<float>(kReadNoiseElectrons * kReadNoiseElectrons);
  const int rowValues = bgr.cols * 3;
  std::vector<float> n(static_cast<std::size_t>(rowValues));
  cv::Mat out(bgr.size(), CV_8UC3);
  for (int y = 0; y < bgr.rows; ++y) {
    fillNormal(noiseSeed, static_cast<std::uint64_t>(y) * rowValues, rowValues, n.data());
    const std::uint8_t* in = bgr.ptr<std::uint8_t>(y);
    std::uint8_t* o = out.ptr<std::uint8_t>(y);
    for (int i = 0; i < rowValues; ++i) {
      const float signal = electronsOf[in[i]];
      const float electrons = signal + n[i] * std::sqrt(signal + readVariance);
      const int bin = std::clamp(static_cast<int>(electrons * binsPerElectron + 0.5f), 0, kLinearBins - 1);
      o[i] = autoGain[encode[bin]];  // quantised in the dark, then gained back
    }
  }
  return out;
}

/// Linear motion blur: rotate the motion direction onto the x axis, box-blur along x, rotate back — O(1) per pixel at
/// any length. The frame is first padded (reflected) by the blur's reach, so both rotations may use constant borders
/// (the fast path of warpAffine) without darkening the edges. Thread-safe (per-thread scratch).
cv::Mat applyMotion(const cv::Mat& bgr, double strength, double angleDeg) {
  const int length = ImageDegrader::motionLengthPx(strength, bgr.cols);
  const int pad = length / 2 + 2;
  // Scratch images kept per thread: fresh multi-MB buffers cost more in page faults than the filtering itself.
  thread_local cv::Mat padded, rotated;
  cv::copyMakeBorder(bgr, padded, pad, pad, pad, pad, cv::BORDER_REFLECT);
  const double radians = angleDeg * CV_PI / 180.0;
  const double c = std::abs(std::cos(radians)), s = std::abs(std::sin(radians));
  const cv::Size canvas(static_cast<int>(std::ceil(bgr.cols * c + bgr.rows * s)) + length + 4,
                        static_cast<int>(std::ceil(bgr.cols * s + bgr.rows * c)) + 4);
  // Frame coordinates → canvas coordinates, the direction (cos, sin) of angleDeg onto +x.
  cv::Mat frameToCanvas =
      cv::getRotationMatrix2D(cv::Point2f((bgr.cols - 1) / 2.0f, (bgr.rows - 1) / 2.0f), angleDeg, 1.0);
  frameToCanvas.at<double>(0, 2) += (canvas.width - bgr.cols) / 2.0;
  frameToCanvas.at<double>(1, 2) += (canvas.height - bgr.rows) / 2.0;
  cv::Mat paddedToCanvas = frameToCanvas.clone();  // padded = frame + (pad, pad)
  for (int row = 0; row < 2; ++row) {
    paddedToCanvas.at<double>(row, 2) -= pad * (frameToCanvas.at<double>(row, 0) + frameToCanvas.at<double>(row, 1));
  }
  cv::Mat out;
  cv::warpAffine(padded, rotated, paddedToCanvas, canvas, cv::INTER_LINEAR, cv::BORDER_CONSTANT);
  cv::blur(rotated, rotated, cv::Size(length, 1), cv::Point(-1, -1), cv::BORDER_REPLICATE);
  cv::warpAffine(rotated, out, frameToCanvas, bgr.size(), cv::INTER_LINEAR | cv::WARP_INVERSE_MAP,
                 cv::BORDER_CONSTANT);  // every sample lies inside the canvas
  return out;
}

/// Disk kernel; radii above kDirectDiskRadiusPx are applied at 1/f scale with radius r/f (the blurred image has no
/// detail finer than that), then scaled back, so the cost stays a few ms at any radius.
cv::Mat applyDefocus(const cv::Mat& bgr, double strength) {
  constexpr double kDirectDiskRadiusPx = 3.0;
  const int radius = ImageDegrader::defocusRadiusPx(strength, bgr.cols);
  const int factor = static_cast<int>(std::ceil(radius / kDirectDiskRadiusPx));
  cv::Mat small = bgr;
  if (factor > 1) {
    cv::resize(bgr, small, cv::Size(std::max(1, bgr.cols / factor), std::max(1, bgr.rows / factor)), 0.0, 0.0,
               cv::INTER_AREA);
  }
  const double smallRadius = static_cast<double>(radius) * small.cols / bgr.cols;
  const int half = static_cast<int>(std::ceil(smallRadius));
  constexpr int kShift = 4;  // sub-pixel radius
  cv::Mat kernel = cv::Mat::zeros(2 * half + 1, 2 * half + 1, CV_32F);
  cv::circle(kernel, cv::Point(half << kShift, half << kShift), static_cast<int>(std::lround(smallRadius * 16)),
             cv::Scalar(1.0), cv::FILLED, cv::LINE_AA, kShift);
  kernel /= cv::sum(kernel)[0];
  cv::Mat blurred, out;
  cv::filter2D(small, blurred, -1, kernel, cv::Point(-1, -1), 0.0, cv::BORDER_REFLECT);
  if (factor == 1) return blurred;
  cv::resize(blurred, out, bgr.size(), 0.0, 0.0, cv::INTER_CUBIC);  // smooth: no kinks on the coarse grid
  return out;
}

cv::Mat applyNoise(const cv::Mat& bgr, double strength, std::uint64_t noiseSeed) {
  const int rowValues = bgr.cols * 3;
  const float sigma = static_cast<float>(ImageDegrader::noiseSigma(strength));
  std::vector<float> n(static_cast<std::size_t>(rowValues));
  cv::Mat out(bgr.size(), CV_8UC3);
  for (int y = 0; y < bgr.rows; ++y) {
    fillNormal(noiseSeed, static_cast<std::uint64_t>(y) * rowValues, rowValues, n.data());
    const std::uint8_t* in = bgr.ptr<std::uint8_t>(y);
    std::uint8_t* o = out.ptr<std::uint8_t>(y);
    for (int i = 0; i < rowValues; ++i) {
      // + 0.5 and truncation round to nearest for every value that the clamp keeps.
      o[i] = static_cast<std::uint8_t>(std::clamp(static_cast<int>(in[i] + sigma * n[i] + 0.5f), 0, 255));
    }
  }
  return out;
}

cv::Mat applyJpeg(const cv::Mat& bgr, double strength) {
  std::vector<std::uint8_t> bytes;
  if (!cv::imencode(".jpg", bgr, bytes, {cv::IMWRITE_JPEG_QUALITY, ImageDegrader::jpegQuality(strength)})) {
    throw Error("degrade jpeg: cannot encode the frame");
  }
  cv::Mat out = cv::imdecode(bytes, cv::IMREAD_COLOR);
  if (out.empty()) throw Error("degrade jpeg: cannot decode the re-encoded frame");
  return out;
}

cv::Mat applyLowRes(const cv::Mat& bgr, double strength) {
  const double factor = ImageDegrader::lowResFactor(strength);
  const cv::Size small(std::max(1, static_cast<int>(std::lround(bgr.cols / factor))),
                       std::max(1, static_cast<int>(std::lround(bgr.rows / factor))));
  cv::Mat reduced, out;
  cv::resize(bgr, reduced, small, 0.0, 0.0, cv::INTER_AREA);
  cv::resize(reduced, out, bgr.size(), 0.0, 0.0, cv::INTER_LINEAR);
  return out;
}

}  // namespace

double ImageDegrader::darkGain(double strength) { return 0.35 - 0.30 * std::clamp(strength, 0.0, 1.0); }

int ImageDegrader::motionLengthPx(double strength, int widthPx) {
  const double length = (3.0 + 22.0 * std::clamp(strength, 0.0, 1.0)) * widthPx / kReferenceWidthPx;
  return std::max(2, static_cast<int>(std::lround(length)));
}

int ImageDegrader::defocusRadiusPx(double strength, int widthPx) {
  const double radius = (1.0 + 7.0 * std::clamp(strength, 0.0, 1.0)) * widthPx / kReferenceWidthPx;
  return std::max(1, static_cast<int>(std::lround(radius)));
}

double ImageDegrader::noiseSigma(double strength) { return 4.0 + 26.0 * std::clamp(strength, 0.0, 1.0); }

int ImageDegrader::jpegQuality(double strength) {
  return static_cast<int>(std::lround(45.0 - 40.0 * std::clamp(strength, 0.0, 1.0)));
}

double ImageDegrader::lowResFactor(double strength) { return 1.5 + 4.5 * std::clamp(strength, 0.0, 1.0); }

cv::Mat ImageDegrader::apply(const cv::Mat& bgr, const FrameDegradation& degradation, std::uint64_t noiseSeed) {
  if (bgr.empty() || bgr.type() != CV_8UC3) throw Error("degrade: expected a non-empty 8-bit BGR image");
  switch (degradation.kind) {
    case DegradationKind::None:
      return bgr.clone();
    case DegradationKind::Dark:
      return applyDark(bgr, degradation.strength, noiseSeed);
    case DegradationKind::Motion:
      return applyMotion(bgr, degradation.strength, degradation.angleDeg);
    case DegradationKind::Defocus:
      return applyDefocus(bgr, degradation.strength);
    case DegradationKind::Noise:
      return applyNoise(bgr, degradation.strength, noiseSeed);
    case DegradationKind::Jpeg:
      return applyJpeg(bgr, degradation.strength);
    case DegradationKind::LowRes:
      return applyLowRes(bgr, degradation.strength);
  }
  return bgr.clone();
}

}  // namespace edgescope
