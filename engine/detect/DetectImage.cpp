#include "detect/DetectImage.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

namespace edgescope {

cv::Mat DetectImage::toBgr8(const cv::Mat& image) {
  if (image.empty()) return {};
  cv::Mat eightBit = image;
  if (image.depth() != CV_8U) {
    const double scale = image.depth() == CV_16U                                ? 1.0 / 257.0
                         : (image.depth() == CV_32F || image.depth() == CV_64F) ? 255.0
                                                                                : 1.0;
    image.convertTo(eightBit, CV_MAKETYPE(CV_8U, image.channels()), scale);
  }
  if (eightBit.channels() == 3) return eightBit;
  cv::Mat bgr;
  if (eightBit.channels() == 1) {
    cv::cvtColor(eightBit, bgr, cv::COLOR_GRAY2BGR);
  } else if (eightBit.channels() == 4) {
    cv::cvtColor(eightBit, bgr, cv::COLOR_BGRA2BGR);
  } else {
    cv::Mat channels[3];
    cv::extractChannel(eightBit, channels[0], 0);
    channels[1] = channels[2] = channels[0];
    cv::merge(channels, 3, bgr);
  }
  return bgr;
}

cv::Rect DetectImage::clipRect(const BoundingBox& box, cv::Size size) {
  const BoundingBox clipped = clipBox(box, size);
  if (clipped.area() <= 0.0f) return {};
  const int x0 = static_cast<int>(std::floor(clipped.x));
  const int y0 = static_cast<int>(std::floor(clipped.y));
  const int x1 = std::min(size.width, static_cast<int>(std::ceil(clipped.right())));
  const int y1 = std::min(size.height, static_cast<int>(std::ceil(clipped.bottom())));
  if (x1 <= x0 || y1 <= y0) return {};
  return {x0, y0, x1 - x0, y1 - y0};
}

BoundingBox DetectImage::clipBox(const BoundingBox& box, cv::Size size) {
  const float w = static_cast<float>(size.width);
  const float h = static_cast<float>(size.height);
  if (!std::isfinite(box.x) || !std::isfinite(box.y) || !std::isfinite(box.width) || !std::isfinite(box.height)) {
    return {};
  }
  BoundingBox out;
  out.x = std::clamp(box.x, 0.0f, w);
  out.y = std::clamp(box.y, 0.0f, h);
  out.width = std::max(0.0f, std::clamp(box.right(), 0.0f, w) - out.x);
  out.height = std::max(0.0f, std::clamp(box.bottom(), 0.0f, h) - out.y);
  return out;
}

}  // namespace edgescope
