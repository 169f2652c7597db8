// edgescope-cli onnx-info --model X.onnx [--check IMAGE] [--json]: what an ONNX file declares — inputs and outputs
// with their shapes, operator counts, parameters, IR and opset versions — read with Debian's libonnx
// (engine/detect/OnnxProto); with --check, the largest difference between the graph imported into LibTorch
// (neural/OnnxGraph) and OpenCV dnn on that image.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli/Commands.h"
#include "detect/OnnxModelInfo.h"
#include "util/Error.h"
#include "util/JsonDocument.h"
#ifdef EDGESCOPE_HAVE_TORCH
#include <opencv2/imgcodecs.hpp>

#include "neural/OnnxDnnCheck.h"
#endif

namespace edgescope {
namespace {

struct OnnxInfoOptions {
  std::string model;
  std::string check;  ///< image for --check; empty: no check
  bool json = false;
};

Json tensorsJson(const std::vector<OnnxTensorInfo>& tensors) {
  Json list = Json::array();
  for (const OnnxTensorInfo& tensor : tensors) {
    Json dims = Json::array();
    for (const std::int64_t d : tensor.dims) dims.push_back(d == OnnxTensorInfo::kDynamic ? Json(nullptr) : Json(d));
    list.push_back({{"name", tensor.name}, {"shape", tensor.hasShape ? dims : Json(nullptr)}});
  }
  return list;
}

void printTensors(const char* title, const std::vector<OnnxTensorInfo>& tensors) {
  std::printf("%s\n", title);
  for (const OnnxTensorInfo& tensor : tensors) std::printf("  %-24s %s\n", tensor.name.c_str(), tensor.shapeText().c_str());
}

/// --check: {"output", "max_difference", "max_output", "relative"}.
Json checkAgainstDnn(const OnnxInfoOptions& options) {
#ifdef EDGESCOPE_HAVE_TORCH
  const cv::Mat image = cv::imread(options.check, cv::IMREAD_COLOR);
  if (image.empty()) throw Error("--check: cannot read the image '" + options.check + "'");
  const OnnxDnnCheck::Result result = OnnxDnnCheck::compare(options.model, image);
  return {{"image", options.check},
          {"output", result.output},
          {"max_difference", result.maxDifference},
          {"max_output", result.maxReference},
          {"relative", result.relative()}};
#else
  throw Error("--check needs LibTorch (this edgescope-cli was built with -DEDGESCOPE_WITH_TORCH=OFF)");
#endif
}

int runOnnxInfo(const OnnxInfoOptions& options) {
  const OnnxModelInfo info = OnnxModelInfo::read(options.model);
  const Json check = options.check.empty() ? Json(nullptr) : checkAgainstDnn(options);
  if (options.json) {
    Json json = Json::object();
    json["model"] = options.model;
    json["producer"] = info.producer();
    json["ir_version"] = info.irVersion();
    json["opset"] = info.opsetVersion();
    json["inputs"] = tensorsJson(info.inputs());
    json["outputs"] = tensorsJson(info.outputs());
    json["nodes"] = info.nodeCount();
    json["ops"] = Json(info.opCounts());
    json["initializers"] = info.initializerCount();
    json["parameters"] = info.parameterCount();
    if (!check.is_null()) json["check"] = check;
    std::cout << JsonDocument::dump(json) << std::endl;
    return 0;
  }
  std::printf("%s: %s, IR %lld, opset %lld\n", options.model.c_str(),
              info.producer().empty() ? "unknown producer" : info.producer().c_str(),
              static_cast<long long>(info.irVersion()), static_cast<long long>(info.opsetVersion()));
  printTensors("inputs", info.inputs());
  printTensors("outputs", info.outputs());
  std::printf("%d nodes:", info.nodeCount());
  for (const auto& [op, count] : info.opCounts()) std::printf(" %s %d", op.c_str(), count);
  std::printf("\n%lld parameters in %d initializers\n", static_cast<long long>(info.parameterCount()),
              info.initializerCount());
  if (!check.is_null()) {
    std::printf("check on %s: output %s, largest difference LibTorch vs OpenCV dnn %.3g (largest |output| %.3g, "
                "relative %.2g)\n", options.check.c_str(), check["output"].get<std::string>().c_str(),
                check["max_difference"].get<double>(), check["max_output"].get<double>(),
                check["relative"].get<double>());
  }
  return 0;
}

}  // namespace

Command addOnnxInfoCommand(CLI::App& cli) {
  CLI::App* command = cli.add_subcommand("onnx-info", "inputs, outputs, operator counts and parameters of an ONNX file");
  auto options = std::make_shared<OnnxInfoOptions>();
  command->add_option("--model", options->model, "the ONNX file")->required()->type_name("X.onnx");
  command->add_option("--check", options->check,
                      "also run the graph imported into LibTorch and OpenCV dnn on this image and print their "
                      "largest output difference")
      ->type_name("IMAGE");
  command->add_flag("--json", options->json, "print one JSON object instead of the text summary");
  return [options] { return runOnnxInfo(*options); };
}

}  // namespace edgescope
