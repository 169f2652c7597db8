#include "neural/OnnxNode.h"

#include <set>

#include <onnx/onnx_pb.h>

#include "util/Error.h"

namespace edgescope {
namespace {

/// Supported operators and the attributes each may carry (anything else is refused by name).
const std::map<std::string, std::set<std::string>>& supported() {
  static const std::map<std::string, std::set<std::string>> kOps = {
      {"Conv", {"kernel_shape", "strides", "pads", "dilations", "group", "auto_pad"}},
      {"BatchNormalization", {"epsilon", "momentum", "training_mode", "spatial"}},
      {"Relu", {}},
      {"Sigmoid", {}},
      {"Mul", {}},
      {"Add", {}},
      {"Concat", {"axis"}},
      {"MaxPool", {"kernel_shape", "strides", "pads", "ceil_mode", "dilations", "auto_pad", "storage_order"}},
      {"AveragePool", {"kernel_shape", "strides", "pads", "ceil_mode", "count_include_pad", "auto_pad"}},
      {"GlobalAveragePool", {}},
      {"Resize", {"mode", "coordinate_transformation_mode", "nearest_mode", "cubic_coeff_a", "exclude_outside",
                  "extrapolation_value"}},
      {"Slice", {}},
      {"Gather", {"axis"}},
      {"Pad", {"mode"}},
      {"Reshape", {"allowzero"}},
      {"Transpose", {"perm"}},
      {"Gemm", {"alpha", "beta", "transA", "transB"}},
      {"Constant", {"value"}},
      {"Softmax", {"axis"}},
  };
  return kOps;
}

[[noreturn]] void refuse(const OnnxNode& node, const std::string& file, const std::string& attribute,
                         const std::string& why) {
  throw Error(node.where(file) + ": attribute '" + attribute + "' " + why + " (not supported by the import)");
}

/// Values the import implements; other values of these attributes are refused.
void checkValues(const OnnxNode& node, const std::string& file) {
  const std::string autoPad = node.stringOr("auto_pad", "NOTSET");
  if (autoPad != "NOTSET") refuse(node, file, "auto_pad", "= " + autoPad);
  if (node.op == "Resize") {
    if (node.stringOr("mode", "nearest") != "nearest") refuse(node, file, "mode", "= " + node.stringOr("mode", ""));
    const std::string transform = node.stringOr("coordinate_transformation_mode", "half_pixel");
    if (transform != "asymmetric") refuse(node, file, "coordinate_transformation_mode", "= " + transform);
    const std::string rounding = node.stringOr("nearest_mode", "round_prefer_floor");
    if (rounding != "floor") refuse(node, file, "nearest_mode", "= " + rounding);
  }
  if (node.op == "Pad") {
    const std::string mode = node.stringOr("mode", "constant");
    if (mode != "constant" && mode != "reflect" && mode != "edge") refuse(node, file, "mode", "= " + mode);
  }
  if (node.intOr("training_mode", 0) != 0) refuse(node, file, "training_mode", "= 1");
  if (node.intOr("allowzero", 0) != 0) refuse(node, file, "allowzero", "= 1");
  if (node.intOr("storage_order", 0) != 0) refuse(node, file, "storage_order", "= 1");
  if (node.intOr("transA", 0) != 0) refuse(node, file, "transA", "= 1");
  for (const char* key : {"kernel_shape", "strides", "dilations"}) {
    if (node.ints.count(key) && node.ints.at(key).size() != 2) refuse(node, file, key, "is not 2-D");
  }
  if (node.ints.count("pads") && node.op != "Pad" && node.ints.at("pads").size() != 4) {
    refuse(node, file, "pads", "is not 2-D");
  }
}

}  // namespace

std::string OnnxNode::where(const std::string& fileName) const {
  return fileName + ": node '" + name + "' (" + op + ")";
}

OnnxNode OnnxNode::fromProto(const onnx::NodeProto& proto, int index, const std::string& fileName) {
  OnnxNode node;
  node.op = proto.op_type();
  node.name = proto.name().empty() ? "#" + std::to_string(index) + " " + node.op : proto.name();
  node.inputs.assign(proto.input().begin(), proto.input().end());
  node.outputs.assign(proto.output().begin(), proto.output().end());
  const auto op = supported().find(node.op);
  if (op == supported().end() || (!proto.domain().empty() && proto.domain() != "ai.onnx")) {
    throw Error(node.where(fileName) + ": operator '" + (proto.domain().empty() ? "" : proto.domain() + ".") +
                node.op + "' is not supported by the import");
  }
  for (const onnx::AttributeProto& attribute : proto.attribute()) {
    if (op->second.count(attribute.name()) == 0) refuse(node, fileName, attribute.name(), "is unknown");
    switch (attribute.type()) {
      case onnx::AttributeProto::INT:
        node.ints[attribute.name()] = {attribute.i()};
        break;
      case onnx::AttributeProto::INTS:
        node.ints[attribute.name()].assign(attribute.ints().begin(), attribute.ints().end());
        break;
      case onnx::AttributeProto::FLOAT:
        node.floats[attribute.name()] = attribute.f();
        break;
      case onnx::AttributeProto::STRING:
        node.strings[attribute.name()] = attribute.s();
        break;
      case onnx::AttributeProto::TENSOR:
        if (node.op != "Constant") refuse(node, fileName, attribute.name(), "is a tensor");
        break;
      default:
        refuse(node, fileName, attribute.name(), "has an unsupported type");
    }
  }
  if (node.op == "Constant" && node.outputs.size() == 1) {
    bool hasValue = false;
    for (const onnx::AttributeProto& attribute : proto.attribute()) hasValue |= attribute.name() == "value";
    if (!hasValue) throw Error(node.where(fileName) + ": Constant without a 'value' tensor");
  }
  checkValues(node, fileName);
  return node;
}

std::int64_t OnnxNode::intOr(const std::string& key, std::int64_t fallback) const {
  const auto it = ints.find(key);
  return it == ints.end() || it->second.empty() ? fallback : it->second.front();
}

std::vector<std::int64_t> OnnxNode::intsOr(const std::string& key, std::vector<std::int64_t> fallback) const {
  const auto it = ints.find(key);
  return it == ints.end() ? fallback : it->second;
}

double OnnxNode::floatOr(const std::string& key, double fallback) const {
  const auto it = floats.find(key);
  return it == floats.end() ? fallback : it->second;
}

std::string OnnxNode::stringOr(const std::string& key, const std::string& fallback) const {
  const auto it = strings.find(key);
  return it == strings.end() ? fallback : it->second;
}

}  // namespace edgescope
