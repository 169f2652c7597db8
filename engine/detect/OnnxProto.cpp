#include "detect/OnnxProto.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <onnx/onnx_pb.h>

#include "util/Error.h"

namespace edgescope {

std::shared_ptr<const onnx::ModelProto> OnnxProto::read(const std::string& path) {
  std::error_code error;
  if (std::filesystem::exists(path, error) && !std::filesystem::is_regular_file(path, error)) {
    throw Error(path + ": cannot read the ONNX model file (not a regular file)");
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) throw Error(path + ": cannot open the ONNX model file");
  std::ostringstream bytes;
  bytes << file.rdbuf();
  if (file.bad()) throw Error(path + ": cannot read the ONNX model file");
  return parse(bytes.str(), path);
}

std::shared_ptr<const onnx::ModelProto> OnnxProto::parse(const std::string& bytes, const std::string& name) {
  if (bytes.empty()) throw Error(name + ": not an ONNX model (the file is empty)");
  auto model = std::make_shared<onnx::ModelProto>();
  // ParseFromString checks the wire format of every field (also of fields it does not know), nesting depth and
  // lengths, so a truncated or corrupt file fails here instead of yielding a partial graph.
  if (!model->ParseFromString(bytes)) {
    throw Error(name + ": not an ONNX model (malformed or truncated protobuf, " + std::to_string(bytes.size()) +
                " bytes)");
  }
  if (!model->has_graph()) throw Error(name + ": not an ONNX model (no graph)");
  return model;
}

}  // namespace edgescope
