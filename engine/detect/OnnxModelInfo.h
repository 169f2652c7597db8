#pragma once
/// @file OnnxModelInfo.h
/// The graph inputs and outputs (names, declared shapes) of an ONNX file, read straight from its protobuf.

#include <cstdint>
#include <string>
#include <vector>

namespace edgescope {

/// One graph input or output. `dims` holds the declared shape; a dimension that is symbolic or unset (dynamic,
/// e.g. a "batch" parameter) is kDynamic. An empty `dims` with `hasShape == false` means no shape was declared.
struct OnnxTensorInfo {
  static constexpr std::int64_t kDynamic = -1;
  std::string name;
  std::vector<std::int64_t> dims;
  bool hasShape = false;

  /// "1x3x416x416", with "?" for dynamic dimensions ("?" alone when no shape is declared).
  std::string shapeText() const;
};

/// Value type; call from any thread.
class OnnxModelInfo {
 public:
  /// Reads @p path. Throws Error naming the file when it cannot be read or is not a well-formed ONNX model
  /// (malformed protobuf, no graph, no inputs).
  static OnnxModelInfo read(const std::string& path);
  /// Parses serialised ModelProto bytes; @p name is used in error messages.
  static OnnxModelInfo parse(const std::string& bytes, const std::string& name);

  /// Graph inputs that are not initializers (weights), in declaration order.
  const std::vector<OnnxTensorInfo>& inputs() const { return inputs_; }
  const std::vector<OnnxTensorInfo>& outputs() const { return outputs_; }

 private:
  std::vector<OnnxTensorInfo> inputs_;
  std::vector<OnnxTensorInfo> outputs_;
};

}  // namespace edgescope
