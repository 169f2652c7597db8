#include "detect/OnnxReidEmbedder.h"

#include <algorithm>
#include <opencv2/imgproc.hpp>

#include "detect/DetectImage.h"
#include "util/Error.h"

namespace edgescope {
namespace {

constexpr float kMean[3] = {0.485f, 0.456f, 0.406f};  // ImageNet, RGB order
constexpr float kStd[3] = {0.229f, 0.224f, 0.225f};

int dimOr(std::int64_t dim, int fallback) { return dim == OnnxTensorInfo::kDynamic ? fallback : static_cast<int>(dim); }

}  // namespace

OnnxReidEmbedder::OnnxReidEmbedder(const std::string& modelPath) : model_(modelPath) {
  const OnnxTensorInfo& input = model_.input();
  if (input.hasShape && (input.dims.size() != 4 || (input.dims[1] != 3 && input.dims[1] != OnnxTensorInfo::kDynamic))) {
    throw Error(modelPath + ": input '" + input.name + "' has shape " + input.shapeText() +
                ", expected Nx3xHxW for a ReID embedder");
  }
  dynamicBatch_ = !input.hasShape || input.dims[0] == OnnxTensorInfo::kDynamic;
  batchSize_ = dynamicBatch_ ? kMaxDynamicBatch : dimOr(input.dims[0], 1);
  cropSize_ = input.hasShape ? cv::Size(dimOr(input.dims[3], kDefaultWidth), dimOr(input.dims[2], kDefaultHeight))
                             : cv::Size(kDefaultWidth, kDefaultHeight);
  if (batchSize_ > 1024 || cropSize_.width > 4096 || cropSize_.height > 4096) {
    throw Error(modelPath + ": input shape " + input.shapeText() + " is implausibly large for a ReID embedder");
  }
  const int warmUpCount = dynamicBatch_ ? 1 : batchSize_;
  const cv::Mat blob(std::vector<int>{warmUpCount, 3, cropSize_.height, cropSize_.width}, CV_32F, cv::Scalar(0));
  dimension_ = infer(blob, warmUpCount).cols;
}

void OnnxReidEmbedder::fillBlob(const cv::Mat& crop, cv::Mat& blob, int index) {
  const cv::Size size(blob.size[3], blob.size[2]);
  cv::Mat resized, rgb, unit;
  cv::resize(crop, resized, size, 0, 0, cv::INTER_LINEAR);
  cv::cvtColor(resized, rgb, cv::COLOR_BGR2RGB);
  rgb.convertTo(unit, CV_32F, 1.0 / 255.0);
  std::vector<cv::Mat> planes;
  for (int c = 0; c < 3; ++c) planes.emplace_back(size, CV_32F, blob.ptr<float>(index, c));
  cv::split(unit, planes);
  for (int c = 0; c < 3; ++c) planes[c].convertTo(planes[c], CV_32F, 1.0 / kStd[c], -kMean[c] / kStd[c]);
}

cv::Mat OnnxReidEmbedder::infer(const cv::Mat& blob, int count) {
  const cv::Mat output = model_.forward(blob);
  const int rows = output.dims >= 2 ? output.size[0] : 0;
  bool featureShape = output.type() == CV_32F && rows == blob.size[0] && output.size[1] > 0;
  for (int i = 2; i < output.dims; ++i) featureShape = featureShape && output.size[i] == 1;  // NxD or NxDx1x1
  if (!featureShape) {
    throw Error(model_.path() + ": output shape " + OnnxModel::shapeText(output) + " is not a batch of " +
                std::to_string(blob.size[0]) + " float feature vectors (expected " + std::to_string(blob.size[0]) +
                "xD) — not a ReID embedding model");
  }
  const cv::Mat flat = output.isContinuous() ? output : output.clone();
  const int dimension = static_cast<int>(flat.total() / static_cast<std::size_t>(rows));
  return cv::Mat(rows, dimension, CV_32F, const_cast<float*>(flat.ptr<float>())).rowRange(0, count).clone();
}

void OnnxReidEmbedder::embed(const cv::Mat& frame, std::vector<Detection>& detections) {
  const cv::Mat bgr = DetectImage::toBgr8(frame);
  std::vector<std::size_t> pending;  // detections with pixels inside the frame, in order
  for (std::size_t i = 0; i < detections.size(); ++i) {
    detections[i].embedding.clear();
    if (!bgr.empty() && !DetectImage::clipRect(detections[i].box, bgr.size()).empty()) pending.push_back(i);
  }
  for (std::size_t start = 0; start < pending.size(); start += static_cast<std::size_t>(batchSize_)) {
    const int count = static_cast<int>(std::min(pending.size() - start, static_cast<std::size_t>(batchSize_)));
    const int blobCount = dynamicBatch_ ? count : batchSize_;  // a fixed batch is padded with zeros
    cv::Mat blob(std::vector<int>{blobCount, 3, cropSize_.height, cropSize_.width}, CV_32F, cv::Scalar(0));
    for (int k = 0; k < count; ++k) {
      const Detection& d = detections[pending[start + static_cast<std::size_t>(k)]];
      fillBlob(bgr(DetectImage::clipRect(d.box, bgr.size())), blob, k);
    }
    const cv::Mat features = infer(blob, count);
    for (int k = 0; k < count; ++k) {
      std::vector<float>& embedding = detections[pending[start + static_cast<std::size_t>(k)]].embedding;
      embedding.assign(features.ptr<float>(k), features.ptr<float>(k) + features.cols);
      normalizeL2(embedding);
    }
  }
}

}  // namespace edgescope
