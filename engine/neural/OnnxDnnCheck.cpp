#include "neural/OnnxDnnCheck.h"

#include <opencv2/dnn.hpp>

#include "detect/OnnxModelInfo.h"
#include "detect/OnnxProto.h"
#include "neural/OnnxGraph.h"
#include "util/Error.h"

namespace edgescope {

OnnxDnnCheck::Result OnnxDnnCheck::compare(const std::string& modelPath, const cv::Mat& imageBgr, int fallbackSide) {
  const auto model = OnnxProto::read(modelPath);  // read once: the shapes and the import use the same ModelProto
  const OnnxModelInfo info = OnnxModelInfo::fromProto(*model, modelPath);
  const OnnxTensorInfo& input = info.inputs().front();
  if (input.dims.size() != 4 || (input.dims[1] != 3 && input.dims[1] != OnnxTensorInfo::kDynamic)) {
    throw Error(modelPath + ": input '" + input.name + "' is " + input.shapeText() + ", not an N×3×H×W image");
  }
  const auto side = [&](std::int64_t d) { return d > 0 ? static_cast<int>(d) : fallbackSide; };
  const cv::Mat blob = cv::dnn::blobFromImage(imageBgr, 1.0 / 255.0, cv::Size(side(input.dims[3]), side(input.dims[2])),
                                              cv::Scalar(), true, false, CV_32F);
  cv::Mat reference;
  try {
    cv::dnn::Net net = cv::dnn::readNetFromONNX(modelPath);
    net.setInput(blob);
    reference = net.forward().clone();
  } catch (const cv::Exception& e) {
    throw Error(modelPath + ": OpenCV dnn cannot run the model: " + e.what());
  }
  torch::NoGradGuard noGrad;
  const auto graph = std::make_shared<OnnxGraph>(*model, modelPath);
  graph->eval();
  const torch::Tensor image =
      torch::from_blob(const_cast<float*>(blob.ptr<float>()), {1, 3, blob.size[2], blob.size[3]}).clone();
  const torch::Tensor ours = graph->forward({image}).at(0).contiguous().flatten();
  if (static_cast<std::size_t>(ours.numel()) != reference.total()) {
    throw Error(modelPath + ": output sizes differ (LibTorch " + std::to_string(ours.numel()) + ", OpenCV " +
                std::to_string(reference.total()) + " elements)");
  }
  const torch::Tensor expected =
      torch::from_blob(const_cast<float*>(reference.ptr<float>()), {ours.numel()}).clone();
  Result result;
  result.output = graph->outputNames().front();
  result.maxDifference = (ours - expected).abs().max().item<double>();
  result.maxReference = expected.abs().max().item<double>();
  return result;
}

}  // namespace edgescope
