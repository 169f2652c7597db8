#include "detect/OnnxModelInfo.h"

#include <fstream>
#include <set>
#include <sstream>

#include "detect/ProtobufReader.h"
#include "util/Error.h"

namespace edgescope {
namespace {

// Field numbers of onnx.proto (ModelProto → GraphProto → ValueInfoProto → TypeProto → TensorShapeProto).
constexpr int kModelGraph = 7;
constexpr int kGraphInitializer = 5;
constexpr int kGraphInput = 11;
constexpr int kGraphOutput = 12;
constexpr int kTensorProtoName = 8;
constexpr int kValueInfoName = 1;
constexpr int kValueInfoType = 2;
constexpr int kTypeTensor = 1;
constexpr int kTensorTypeShape = 2;
constexpr int kShapeDim = 1;
constexpr int kDimValue = 1;

std::vector<std::int64_t> readShape(ProtobufReader shape) {
  std::vector<std::int64_t> dims;
  while (shape.next()) {
    if (shape.fieldNumber() != kShapeDim) {
      shape.skip();
      continue;
    }
    ProtobufReader dim = shape.readMessage();
    std::int64_t value = OnnxTensorInfo::kDynamic;
    while (dim.next()) {
      if (dim.fieldNumber() == kDimValue && dim.wireType() == ProtobufReader::kVarint) {
        const auto raw = static_cast<std::int64_t>(dim.readVarint());
        value = raw > 0 ? raw : OnnxTensorInfo::kDynamic;
      } else {
        dim.skip();
      }
    }
    dims.push_back(value);
  }
  return dims;
}

OnnxTensorInfo readValueInfo(ProtobufReader valueInfo) {
  OnnxTensorInfo info;
  while (valueInfo.next()) {
    if (valueInfo.fieldNumber() == kValueInfoName) {
      info.name = valueInfo.readString();
    } else if (valueInfo.fieldNumber() == kValueInfoType) {
      ProtobufReader type = valueInfo.readMessage();
      while (type.next()) {
        if (type.fieldNumber() != kTypeTensor) {
          type.skip();
          continue;
        }
        ProtobufReader tensor = type.readMessage();
        while (tensor.next()) {
          if (tensor.fieldNumber() == kTensorTypeShape) {
            info.dims = readShape(tensor.readMessage());
            info.hasShape = true;
          } else {
            tensor.skip();
          }
        }
      }
    } else {
      valueInfo.skip();
    }
  }
  return info;
}

std::string initializerName(ProtobufReader tensor) {
  while (tensor.next()) {
    if (tensor.fieldNumber() == kTensorProtoName) return tensor.readString();
    tensor.skip();
  }
  return {};
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

OnnxModelInfo OnnxModelInfo::read(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw Error(path + ": cannot open the ONNX model file");
  std::ostringstream bytes;
  bytes << file.rdbuf();
  if (file.bad()) throw Error(path + ": cannot read the ONNX model file");
  return parse(bytes.str(), path);
}

OnnxModelInfo OnnxModelInfo::parse(const std::string& bytes, const std::string& name) {
  if (bytes.empty()) throw Error(name + ": not an ONNX model (the file is empty)");
  ProtobufReader model(bytes.data(), bytes.size(), name);
  OnnxModelInfo info;
  bool hasGraph = false;
  std::vector<OnnxTensorInfo> declaredInputs;
  std::set<std::string> initializers;
  while (model.next()) {
    if (model.fieldNumber() != kModelGraph || model.wireType() != ProtobufReader::kLengthDelimited) {
      model.skip();
      continue;
    }
    hasGraph = true;
    ProtobufReader graph = model.readMessage();
    while (graph.next()) {
      if (graph.fieldNumber() == kGraphInput) {
        declaredInputs.push_back(readValueInfo(graph.readMessage()));
      } else if (graph.fieldNumber() == kGraphOutput) {
        info.outputs_.push_back(readValueInfo(graph.readMessage()));
      } else if (graph.fieldNumber() == kGraphInitializer) {
        initializers.insert(initializerName(graph.readMessage()));
      } else {
        graph.skip();
      }
    }
  }
  if (!hasGraph) throw Error(name + ": not an ONNX model (no graph)");
  for (auto& input : declaredInputs) {
    if (initializers.count(input.name) == 0) info.inputs_.push_back(std::move(input));
  }
  if (info.inputs_.empty()) throw Error(name + ": the ONNX graph declares no input");
  if (info.outputs_.empty()) throw Error(name + ": the ONNX graph declares no output");
  return info;
}

}  // namespace edgescope
