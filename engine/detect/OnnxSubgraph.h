#pragma once
/// @file OnnxSubgraph.h
/// Cuts an ONNX model (libonnx's ModelProto) down to the nodes that produce chosen values, and strips the weights off
/// a model so its structure alone can travel inside another file (a JDE network's `.pt` keeps its imported backbone
/// graph this way; the weights live in the network's own parameters). Stateless; any thread.

#include <memory>
#include <string>
#include <vector>

namespace onnx {
class ModelProto;
}

namespace edgescope {

class OnnxSubgraph {
 public:
  /// Metadata key set on a model whose float initializers were stripped (their shapes kept, their data removed).
  static constexpr const char* kWeightsStrippedKey = "edgescope.weightsStripped";

  /// A copy of @p model whose graph keeps only the nodes needed to compute @p outputs (which become the graph's
  /// outputs, in that order), the initializers and graph inputs those nodes read, and nothing else. Throws Error
  /// (prefixed with @p name) for an output no node or input produces.
  static std::shared_ptr<onnx::ModelProto> cut(const onnx::ModelProto& model, const std::vector<std::string>& outputs,
                                               const std::string& name);
  /// A copy of @p model with the data of every weight removed (dims and type kept) and kWeightsStrippedKey set:
  /// float initializers read by some node at a non-static input. Shapes, indices, scales and BatchNorm statistics
  /// keep their data.
  static std::shared_ptr<onnx::ModelProto> stripWeights(const onnx::ModelProto& model);
  /// Whether input @p index of operator @p op carries shapes, indices, scales or statistics rather than trainable
  /// weights (BatchNormalization's mean and variance, Resize/Slice/Pad/Gather/Reshape's second and later inputs).
  static bool isStaticInput(const std::string& op, std::size_t index);
  /// Whether @p model was made by stripWeights().
  static bool weightsStripped(const onnx::ModelProto& model);
};

}  // namespace edgescope
