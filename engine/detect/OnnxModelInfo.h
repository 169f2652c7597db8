#pragma once
/// @file OnnxModelInfo.h
/// What an ONNX file declares: graph inputs and outputs (names, shapes), the operators it uses, its parameter count,
/// IR and opset versions — read through OnnxProto (Debian's libonnx protobuf classes).

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace onnx {
class ModelProto;
}

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
  /// (malformed or truncated protobuf, no graph, no inputs or outputs).
  static OnnxModelInfo read(const std::string& path);
  /// Parses serialised ModelProto bytes; @p name is used in error messages.
  static OnnxModelInfo parse(const std::string& bytes, const std::string& name);
  /// The information of a model already read with OnnxProto.
  static OnnxModelInfo fromProto(const onnx::ModelProto& model, const std::string& name);

  /// Graph inputs that are not initializers (weights), in declaration order.
  const std::vector<OnnxTensorInfo>& inputs() const { return inputs_; }
  const std::vector<OnnxTensorInfo>& outputs() const { return outputs_; }
  /// Nodes per operator type ("Conv" → 58), over the main graph.
  const std::map<std::string, int>& opCounts() const { return opCounts_; }
  int nodeCount() const { return nodeCount_; }
  /// Elements of all initializers (the weights), and how many initializers there are.
  std::int64_t parameterCount() const { return parameterCount_; }
  int initializerCount() const { return initializerCount_; }
  std::int64_t irVersion() const { return irVersion_; }
  /// Version of the default ("ai.onnx") operator set; 0 when the model does not import it.
  std::int64_t opsetVersion() const { return opsetVersion_; }
  const std::string& producer() const { return producer_; }

 private:
  std::vector<OnnxTensorInfo> inputs_;
  std::vector<OnnxTensorInfo> outputs_;
  std::map<std::string, int> opCounts_;
  int nodeCount_ = 0;
  std::int64_t parameterCount_ = 0;
  int initializerCount_ = 0;
  std::int64_t irVersion_ = 0;
  std::int64_t opsetVersion_ = 0;
  std::string producer_;
};

}  // namespace edgescope
