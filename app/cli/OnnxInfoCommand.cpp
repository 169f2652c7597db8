// edgescope-cli onnx-info --model X.onnx [--json]: what an ONNX file declares — inputs and outputs with their shapes,
// operator counts, parameters, IR and opset versions — read with Debian's libonnx (engine/detect/OnnxProto).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli/Commands.h"
#include "detect/OnnxModelInfo.h"
#include "util/JsonDocument.h"

namespace edgescope {
namespace {

struct OnnxInfoOptions {
  std::string model;
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

int runOnnxInfo(const OnnxInfoOptions& options) {
  const OnnxModelInfo info = OnnxModelInfo::read(options.model);
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
  return 0;
}

}  // namespace

Command addOnnxInfoCommand(CLI::App& cli) {
  CLI::App* command = cli.add_subcommand("onnx-info", "inputs, outputs, operator counts and parameters of an ONNX file");
  auto options = std::make_shared<OnnxInfoOptions>();
  command->add_option("--model", options->model, "the ONNX file")->required()->type_name("X.onnx");
  command->add_flag("--json", options->json, "print one JSON object instead of the text summary");
  return [options] { return runOnnxInfo(*options); };
}

}  // namespace edgescope
