#include "detect/OnnxYoloxDetector.h"

#include <algorithm>

#include "detect/DetectImage.h"
#include "detect/Letterbox.h"
#include "detect/NonMaxSuppression.h"
#include "util/Error.h"

namespace edgescope {

OnnxYoloxDetector::OnnxYoloxDetector(const std::string& modelPath, const OnnxYoloxOptions& options)
    : model_(modelPath), options_(options) {
  inputSize_ = resolveInputSize(options);
  if (YoloxDecoder::gridCellCount(inputSize_) == 0) {
    throw Error(modelPath + ": input size " + std::to_string(inputSize_.width) + "x" +
                std::to_string(inputSize_.height) + " is not a multiple of 32, so it has no YOLOX grid");
  }
  const cv::Mat warmUp = Letterbox(inputSize_, inputSize_).blob(cv::Mat(inputSize_, CV_8UC3, cv::Scalar::all(0)));
  classCount_ = YoloxDecoder::checkShape(model_.forward(warmUp), inputSize_, modelPath);
  for (int c : options_.classes) {
    if (c < 0 || c >= classCount_) {
      throw Error(modelPath + ": option 'classes' names class " + std::to_string(c) + " but the model has " +
                  std::to_string(classCount_) + " classes (0–" + std::to_string(classCount_ - 1) + ")");
    }
  }
}

cv::Size OnnxYoloxDetector::resolveInputSize(const OnnxYoloxOptions& options) const {
  const OnnxTensorInfo& input = model_.input();
  if (input.hasShape && input.dims.size() != 4) {
    throw Error(model_.path() + ": input '" + input.name + "' has shape " + input.shapeText() +
                ", expected NCHW (1x3xHxW) for a YOLOX detector");
  }
  if (input.hasShape && input.dims[1] != OnnxTensorInfo::kDynamic && input.dims[1] != 3) {
    throw Error(model_.path() + ": input '" + input.name + "' has shape " + input.shapeText() +
                ", expected 3 colour channels");
  }
  if (!options.inputSize.empty()) return options.inputSize;
  if (!input.hasShape || input.dims[2] == OnnxTensorInfo::kDynamic || input.dims[3] == OnnxTensorInfo::kDynamic) {
    throw Error(model_.path() + ": input '" + input.name + "' has no fixed size (" + input.shapeText() +
                "); give one with ?size=WxH");
  }
  return {static_cast<int>(input.dims[3]), static_cast<int>(input.dims[2])};
}

std::vector<Detection> OnnxYoloxDetector::detect(const cv::Mat& frame) {
  const cv::Mat bgr = DetectImage::toBgr8(frame);
  if (bgr.empty()) return {};
  const Letterbox letterbox(bgr.size(), inputSize_);
  const cv::Mat output = model_.forward(letterbox.blob(bgr));
  YoloxDecoder::checkShape(output, inputSize_, model_.path());
  std::vector<Detection> candidates =
      YoloxDecoder::decode(output, inputSize_, {options_.confidenceThreshold, options_.classes});
  for (auto& d : candidates) d.box = DetectImage::clipBox(letterbox.toImage(d.box), bgr.size());
  std::vector<Detection> kept = NonMaxSuppression::apply(std::move(candidates), options_.nmsIouThreshold);
  kept.erase(std::remove_if(kept.begin(), kept.end(), [](const Detection& d) { return d.box.area() <= 0.0f; }),
             kept.end());
  return kept;
}

}  // namespace edgescope
