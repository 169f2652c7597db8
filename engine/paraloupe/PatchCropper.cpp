#include "paraloupe/PatchCropper.h"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "util/Error.h"

namespace edgescope {

cv::Mat PatchCropper::crop(const cv::Mat& frame, const BoundingBox& rect, cv::Size inputSize) {
  if (frame.empty() || inputSize.width <= 0 || inputSize.height <= 0) throw Error("patch crop: empty frame or size");
  const cv::Rect r(static_cast<int>(std::lround(rect.x)), static_cast<int>(std::lround(rect.y)),
                   static_cast<int>(std::lround(rect.width)), static_cast<int>(std::lround(rect.height)));
  if (r.width <= 0 || r.height <= 0) throw Error("patch crop: empty rectangle");
  const cv::Rect inside = r & cv::Rect(0, 0, frame.cols, frame.rows);
  cv::Mat canvas;
  if (inside == r) {
    canvas = frame(r);
  } else {
    canvas = cv::Mat(r.size(), frame.type(), cv::Scalar::all(kPadValue));
    if (inside.area() > 0) frame(inside).copyTo(canvas(inside - r.tl()));
  }
  cv::Mat out;
  const bool shrinking = inputSize.width < r.width && inputSize.height < r.height;
  cv::resize(canvas, out, inputSize, 0, 0, shrinking ? cv::INTER_AREA : cv::INTER_LINEAR);
  return out;
}

BoundingBox PatchCropper::toFrame(const BoundingBox& cropBox, const BoundingBox& rect, cv::Size inputSize) {
  const float sx = rect.width / inputSize.width, sy = rect.height / inputSize.height;
  return {rect.x + cropBox.x * sx, rect.y + cropBox.y * sy, cropBox.width * sx, cropBox.height * sy};
}

BoundingBox PatchCropper::toCrop(const BoundingBox& frameBox, const BoundingBox& rect, cv::Size inputSize) {
  const float sx = inputSize.width / rect.width, sy = inputSize.height / rect.height;
  return {(frameBox.x - rect.x) * sx, (frameBox.y - rect.y) * sy, frameBox.width * sx, frameBox.height * sy};
}

BoundingBox PatchCropper::roundRect(const BoundingBox& rect) {
  return {std::round(rect.x), std::round(rect.y), std::max(2.0f, std::round(rect.width)),
          std::max(2.0f, std::round(rect.height))};
}

}  // namespace edgescope
