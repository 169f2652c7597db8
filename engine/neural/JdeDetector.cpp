#include "neural/JdeDetector.h"

#include <filesystem>

#include "deepscale/ResolutionLadder.h"
#include "neural/TorchRuntime.h"
#include "util/Error.h"

namespace edgescope {

JdeDetector::JdeDetector(const std::string& path, const JdeDetectorOptions& options)
    : model_(JdeModelFile::load(path)), inputSize_(options.inputSize) {
  model_.card.requireKind(JdeModelCard::kKindJde, model_.cardPath);
  TorchRuntime::configure(options.threads);
  const torch::Device device(TorchRuntime::resolveDevice(options.device));
  model_.net->foldBatchNorm();  // inference only: this detector never trains or saves its network
  model_.net->to(device);
  inference_ = std::make_unique<JdeInference>(model_.net, device,
                                              JdeInference::Options{options.scoreThreshold, 128, true});
  name_ = "jde:" + (model_.card.name.empty() ? std::filesystem::path(path).stem().string() : model_.card.name);
  if (inputSize_ != cv::Size()) setInputSize(inputSize_);
}

cv::Size JdeDetector::alignedSize(cv::Size frameSize) {
  return {ResolutionLadder::alignSide(frameSize.width), ResolutionLadder::alignSide(frameSize.height)};
}

void JdeDetector::setInputSize(cv::Size size) {
  if (size == cv::Size()) {
    inputSize_ = size;
    return;
  }
  if (size.width <= 0 || size.height <= 0 || (size.width % 32 != 0 || size.height % 32 != 0 || size.width > 8192 || size.height > 8192))
    throw Error(name_ + ": input size " + ResolutionLadder::label(size) + " must have sides that are multiples of 32");
  inputSize_ = size;
}

std::vector<Detection> JdeDetector::detect(const cv::Mat& bgr) {
  detectability_.clear();
  if (bgr.empty()) return {};
  const cv::Size size = inputSize_ == cv::Size() ? alignedSize(bgr.size()) : inputSize_;
  try {
    JdeFrameResult result = inference_->run(bgr, size, detectabilityRequested_);
    detectability_ = std::move(result.detectability);
    return std::move(result.detections);
  } catch (const c10::Error& e) {
    throw Error(name_ + " (" + model_.weightsPath + "): inference failed: " + e.what_without_backtrace());
  }
}

}  // namespace edgescope
