#include "detect/HogDetector.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "detect/DetectImage.h"
#include "util/Error.h"

namespace edgescope {
namespace {

constexpr double kGroupThreshold = 2.0;  // OpenCV's default: a detection needs ≥ 2 overlapping windows
// The person inside a 64×128 HOG window (Dalal–Triggs: ≈96 px tall with a 16 px margin, ≈36 px wide, centred).
constexpr float kLeftMargin = 0.22f, kKeepWidth = 0.56f, kTopMargin = 0.11f, kKeepHeight = 0.77f;

}  // namespace

HogDetector::HogDetector(const HogOptions& options) : options_(options) {
  if (!(options.upscale >= 0.25 && options.upscale <= 4.0)) throw Error("hog: option 'upscale' must be in [0.25, 4]");
  if (!(options.scaleStep > 1.0 && options.scaleStep <= 2.0)) throw Error("hog: option 'scale' must be in (1, 2]");
  if (!std::isfinite(options.hitThreshold)) throw Error("hog: option 'hit' must be a finite number");
  if (options.windowStridePx < 8 || options.windowStridePx > 64 || options.windowStridePx % 8 != 0) {
    throw Error("hog: option 'stride' must be a multiple of 8 in [8, 64]");
  }
  hog_.setSVMDetector(cv::HOGDescriptor::getDefaultPeopleDetector());
}

float HogDetector::scoreFromMargin(double margin) {
  if (!std::isfinite(margin)) return margin > 0 ? 1.0f : 0.0f;
  return static_cast<float>(1.0 / (1.0 + std::exp(-margin)));
}

std::vector<Detection> HogDetector::detect(const cv::Mat& frame) {
  const cv::Mat bgr = DetectImage::toBgr8(frame);
  if (bgr.empty()) return {};
  cv::Mat scaled = bgr;
  if (options_.upscale != 1.0) {
    const cv::Size size(std::max(1, static_cast<int>(std::lround(bgr.cols * options_.upscale))),
                        std::max(1, static_cast<int>(std::lround(bgr.rows * options_.upscale))));
    cv::resize(bgr, scaled, size, 0, 0, options_.upscale > 1.0 ? cv::INTER_LINEAR : cv::INTER_AREA);
  }
  if (scaled.cols < hog_.winSize.width || scaled.rows < hog_.winSize.height) return {};
  std::vector<cv::Rect> found;
  std::vector<double> margins;
  hog_.detectMultiScale(scaled, found, margins, options_.hitThreshold,
                        cv::Size(options_.windowStridePx, options_.windowStridePx), cv::Size(), options_.scaleStep,
                        kGroupThreshold, false);
  const float toFrameX = static_cast<float>(bgr.cols) / static_cast<float>(scaled.cols);
  const float toFrameY = static_cast<float>(bgr.rows) / static_cast<float>(scaled.rows);
  std::vector<Detection> detections;
  for (std::size_t i = 0; i < found.size(); ++i) {
    const cv::Rect& r = found[i];
    Detection d;
    d.box = {(static_cast<float>(r.x) + kLeftMargin * static_cast<float>(r.width)) * toFrameX,
             (static_cast<float>(r.y) + kTopMargin * static_cast<float>(r.height)) * toFrameY,
             kKeepWidth * static_cast<float>(r.width) * toFrameX,
             kKeepHeight * static_cast<float>(r.height) * toFrameY};
    d.box = DetectImage::clipBox(d.box, bgr.size());
    d.score = scoreFromMargin(i < margins.size() ? margins[i] : 0.0);
    d.classId = 0;
    if (d.box.area() > 0.0f) detections.push_back(d);
  }
  std::stable_sort(detections.begin(), detections.end(),
                   [](const Detection& a, const Detection& b) { return a.score > b.score; });
  return detections;
}

}  // namespace edgescope
