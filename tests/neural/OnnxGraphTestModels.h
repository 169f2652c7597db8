#pragma once
/// @file OnnxGraphTestModels.h
/// Hand-written ONNX models for the graph-import tests (OnnxGraph, OnnxSubgraph): float tensors, attributes and a
/// Conv → Relu → GlobalAveragePool model, in protobuf wire format (OnnxTestModel.h).

#include <string>
#include <vector>

#include "../detect/OnnxTestModel.h"

namespace edgescope::onnxgraphtest {

using onnxtest::field;
using onnxtest::intField;

/// TensorProto of float32 @p values with @p dims (raw_data).
inline std::string floatTensor(const std::string& name, const std::vector<int>& dims, const std::vector<float>& values) {
  std::string body;
  for (int d : dims) body += intField(1, static_cast<std::uint64_t>(d));
  body += intField(2, 1) + field(8, name);
  body += field(9, std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float)));
  return body;
}

inline std::string intsAttribute(const std::string& name, const std::vector<int>& values) {
  std::string body = field(1, name) + intField(20, 7);  // type INTS
  for (int v : values) body += intField(8, static_cast<std::uint64_t>(v));
  return body;
}

inline std::string stringAttribute(const std::string& name, const std::string& value) {
  return field(1, name) + field(4, value) + intField(20, 3);  // type STRING
}

inline std::vector<float> ramp(std::size_t count, float scale) {
  std::vector<float> values(count);
  for (std::size_t i = 0; i < count; ++i) values[i] = scale * static_cast<float>((static_cast<int>(i) * 7) % 11 - 5);
  return values;
}

/// x[1,3,8,8] → Conv(4 filters 3×3, pads 1) → Relu → GlobalAveragePool → y[1,4,1,1]; @p convExtra adds to the
/// Conv node's body (an attribute), @p extraNodes to the graph.
inline std::string convModel(const std::string& convExtra = "", const std::string& extraNodes = "") {
  const std::string conv = onnxtest::node("Conv", "x", "conv_out").substr(0) + field(1, "w") + field(1, "b") +
                           field(5, intsAttribute("pads", {1, 1, 1, 1})) + convExtra;
  // node() writes input x first; w and b follow as further inputs (field 1 repeats).
  const std::string graph = field(1, conv) + field(1, onnxtest::node("Relu", "conv_out", "relu_out")) +
                            field(1, onnxtest::node("GlobalAveragePool", "relu_out", "y")) + extraNodes +
                            field(2, "conv") + field(5, floatTensor("w", {4, 3, 3, 3}, ramp(108, 0.1f))) +
                            field(5, floatTensor("b", {4}, {0.1f, -0.2f, 0.3f, 0.0f})) +
                            field(11, onnxtest::valueInfo("x", {1, 3, 8, 8})) +
                            field(12, onnxtest::valueInfo("y", {1, 4, 1, 1}));
  return onnxtest::model(graph);
}

}  // namespace edgescope::onnxgraphtest
