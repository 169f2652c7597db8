#include "detect/OnnxModelInfo.h"

#include <set>

#include <onnx/onnx_pb.h>

#include "detect/OnnxProto.h"
#include "util/Error.h"

namespace edgescope {
namespace {

OnnxTensorInfo tensorInfo(const onnx::ValueInfoProto& value) {
  OnnxTensorInfo info;
  info.name = value.name();
  if (value.has_type() && value.type().has_tensor_type() && value.type().tensor_type().has_shape()) {
    info.hasShape = true;
    for (const onnx::TensorShapeProto_Dimension& dim : value.type().tensor_type().shape().dim()) {
      // A symbolic (dim_param) or unset dimension, or a non-positive value, is dynamic.
      const bool fixed = dim.has_dim_value() && dim.dim_value() > 0;
      info.dims.push_back(fixed ? dim.dim_value() : OnnxTensorInfo::kDynamic);
    }
  }
  return info;
}

std::int64_t elementCount(const onnx::TensorProto& tensor) {
  std::int64_t count = 1;
  for (const std::int64_t d : tensor.dims()) count *= d;
  return count;
}

}  // namespace

std::string OnnxTensorInfo::shapeText() const {
  if (!hasShape) return "?";
  std::string text;
  for (std::size_t i = 0; i < dims.size(); ++i) {
    if (i > 0) text += "x";
    text += dims[i] == kDynamic ? "?" : std::to_string(dims[i]);
  }
  return text.empty() ? "scalar" : text;
}

OnnxModelInfo OnnxModelInfo::read(const std::string& path) { return fromProto(*OnnxProto::read(path), path); }

OnnxModelInfo OnnxModelInfo::parse(const std::string& bytes, const std::string& name) {
  return fromProto(*OnnxProto::parse(bytes, name), name);
}

OnnxModelInfo OnnxModelInfo::fromProto(const onnx::ModelProto& model, const std::string& name) {
  OnnxModelInfo info;
  const onnx::GraphProto& graph = model.graph();
  std::set<std::string> initializers;
  for (const onnx::TensorProto& tensor : graph.initializer()) {
    initializers.insert(tensor.name());
    info.parameterCount_ += elementCount(tensor);
    ++info.initializerCount_;
  }
  for (const onnx::ValueInfoProto& input : graph.input()) {
    if (initializers.count(input.name()) == 0) info.inputs_.push_back(tensorInfo(input));
  }
  for (const onnx::ValueInfoProto& output : graph.output()) info.outputs_.push_back(tensorInfo(output));
  for (const onnx::NodeProto& node : graph.node()) ++info.opCounts_[node.op_type()];
  info.nodeCount_ = graph.node_size();
  info.irVersion_ = model.ir_version();
  for (const onnx::OperatorSetIdProto& opset : model.opset_import()) {
    if (opset.domain().empty() || opset.domain() == "ai.onnx") info.opsetVersion_ = opset.version();
  }
  info.producer_ = model.producer_name();
  if (!model.producer_version().empty()) info.producer_ += " " + model.producer_version();
  if (info.inputs_.empty()) throw Error(name + ": the ONNX graph declares no input");
  if (info.outputs_.empty()) throw Error(name + ": the ONNX graph declares no output");
  return info;
}

}  // namespace edgescope
