#pragma once
/// @file OnnxNode.h
/// One node of an imported ONNX graph, its attributes already checked and converted (OnnxNode::fromProto). A plain
/// value; the graph import (OnnxGraph) keeps them in order. Torch-free header.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace onnx {
class NodeProto;
}

namespace edgescope {

struct OnnxNode {
  std::string name;  ///< the node's name, or "#INDEX op" when the file gives none
  std::string op;
  std::vector<std::string> inputs;  ///< "" for an omitted optional input
  std::vector<std::string> outputs;
  std::map<std::string, std::vector<std::int64_t>> ints;  ///< integer and integer-list attributes
  std::map<std::string, double> floats;
  std::map<std::string, std::string> strings;

  /// Converts @p proto (node @p index of the graph). Throws Error "NAME: node N (op OP): …" for an operator outside the
  /// supported list or an attribute it does not implement. Tensor attributes (Constant's value) are left to the caller.
  static OnnxNode fromProto(const onnx::NodeProto& proto, int index, const std::string& fileName);
  /// The integer attribute @p key, or @p fallback.
  std::int64_t intOr(const std::string& key, std::int64_t fallback) const;
  std::vector<std::int64_t> intsOr(const std::string& key, std::vector<std::int64_t> fallback) const;
  double floatOr(const std::string& key, double fallback) const;
  std::string stringOr(const std::string& key, const std::string& fallback) const;
  /// "NAME: node 'N' (OP)" — the prefix of this node's errors.
  std::string where(const std::string& fileName) const;
};

}  // namespace edgescope
