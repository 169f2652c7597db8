#include "detect/Letterbox.h"

#include <algorithm>
#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

namespace edgescope {

Letterbox::Letterbox(cv::Size imageSize, cv::Size inputSize) : input_(inputSize) {
  if (imageSize.width <= 0 || imageSize.height <= 0 || inputSize.width <= 0 || inputSize.height <= 0) return;
  scale_ = std::min(static_cast<double>(inputSize.width) / imageSize.width,
                    static_cast<double>(inputSize.height) / imageSize.height);
  resized_ = cv::Size(std::max(1, std::min(inputSize.width, static_cast<int>(imageSize.width * scale_))),
                      std::max(1, std::min(inputSize.height, static_cast<int>(imageSize.height * scale_))));
}

cv::Mat Letterbox::apply(const cv::Mat& bgr) const {
  cv::Mat padded(input_, CV_8UC3, cv::Scalar::all(kPadValue));
  if (bgr.empty() || scale_ <= 0.0) return padded;
  cv::Mat target = padded(cv::Rect(cv::Point(0, 0), resized_));
  if (bgr.size() == resized_) {
    bgr.copyTo(target);
  } else {
    cv::resize(bgr, target, resized_, 0, 0, cv::INTER_LINEAR);
  }
  return padded;
}

cv::Mat Letterbox::blob(const cv::Mat& bgr) const {
  return cv::dnn::blobFromImage(apply(bgr), 1.0, cv::Size(), cv::Scalar(), /*swapRB=*/false, /*crop=*/false, CV_32F);
}

BoundingBox Letterbox::toImage(const BoundingBox& inputBox) const {
  if (scale_ <= 0.0) return {};
  const auto inv = static_cast<float>(1.0 / scale_);
  return {inputBox.x * inv, inputBox.y * inv, inputBox.width * inv, inputBox.height * inv};
}

}  // namespace edgescope
