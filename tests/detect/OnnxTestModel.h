#pragma once
/// @file OnnxTestModel.h
/// Writes tiny ONNX models byte by byte (protobuf wire format) so tests can exercise the ONNX code paths without
/// the shared pretrained models. Header-only test helpers.

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

namespace onnxtest {

inline std::string varint(std::uint64_t value) {
  std::string out;
  do {
    const auto low = static_cast<char>(value & 0x7f);
    value >>= 7;
    out += value ? static_cast<char>(low | 0x80) : low;
  } while (value);
  return out;
}
/// A length-delimited field (string, bytes or nested message).
inline std::string field(int number, const std::string& payload) {
  return varint(std::uint64_t(number) << 3 | 2) + varint(payload.size()) + payload;
}
inline std::string intField(int number, std::uint64_t value) {
  return varint(std::uint64_t(number) << 3) + varint(value);
}

/// ValueInfoProto of a float tensor; a dimension ≤ 0 is written as the symbolic parameter "N" (dynamic).
inline std::string valueInfo(const std::string& name, const std::vector<int>& dims) {
  std::string shape;
  for (int d : dims) shape += field(1, d > 0 ? intField(1, std::uint64_t(d)) : field(2, "N"));
  const std::string tensorType = intField(1, 1) + field(2, shape);  // elem_type FLOAT
  return field(1, name) + field(2, field(1, tensorType));
}

/// NodeProto body (wrap it in field 1 of a GraphProto).
inline std::string node(const std::string& op, const std::string& input, const std::string& output) {
  return field(1, input) + field(2, output) + field(3, op + "_node") + field(4, op);
}

/// ModelProto (IR 7, opset 11) around a serialised GraphProto body.
inline std::string model(const std::string& graphBody) {
  return intField(1, 7) + field(2, "edgescope-test") + field(8, field(1, "") + intField(2, 11)) + field(7, graphBody);
}

/// x: batch×3×H×W → GlobalAveragePool → Flatten → y: batch×3, the mean of each input channel. @p batch ≤ 0 makes
/// the batch dimension dynamic.
inline std::string channelMeanModel(int batch, int height, int width) {
  const std::string graph = field(1, node("GlobalAveragePool", "x", "pooled")) +
                            field(1, node("Flatten", "pooled", "y")) + field(2, "channel_mean") +
                            field(11, valueInfo("x", {batch, 3, height, width})) +
                            field(12, valueInfo("y", {batch, 3}));
  return model(graph);
}

/// x → Relu → y, both of shape @p dims (an image-to-image model: neither a detector nor an embedder).
inline std::string reluModel(const std::vector<int>& dims) {
  return model(field(1, node("Relu", "x", "y")) + field(2, "relu") + field(11, valueInfo("x", dims)) +
               field(12, valueInfo("y", dims)));
}

inline void writeFile(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

}  // namespace onnxtest
