#pragma once
/// @file OnnxProto.h
/// Reads an ONNX file into Debian libonnx's protobuf classes (`onnx::ModelProto`, from libonnx-dev), checking that it
/// is a model with a graph. The one reader of ONNX bytes in the project: OnnxModelInfo and, later, the graph import
/// walk the ModelProto it returns. Stateless; any thread.

#include <memory>
#include <string>

namespace onnx {
class ModelProto;
}

namespace edgescope {

class OnnxProto {
 public:
  /// Reads @p path. Throws Error naming the file when it cannot be read, is empty, is not a well-formed (or is a
  /// truncated) protobuf, or holds no graph.
  static std::shared_ptr<const onnx::ModelProto> read(const std::string& path);
  /// Parses serialised ModelProto bytes; @p name is used in error messages.
  static std::shared_ptr<const onnx::ModelProto> parse(const std::string& bytes, const std::string& name);
};

}  // namespace edgescope
