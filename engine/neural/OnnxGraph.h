#pragma once
/// @file OnnxGraph.h
/// A trainable LibTorch module built from an ONNX graph (read with OnnxProto, Debian's libonnx): float initializers
/// become named parameters (BatchNormalization statistics become buffers), Constant nodes and integer initializers
/// become buffers, and forward() runs the graph's nodes in their (topological) order with LibTorch operators, so
/// gradients flow into every imported weight. The graph stays explicit (OnnxNode list): any named value can be taken
/// out as a feature map (run() with taps), and later work (JDE heads, channel pruning) walks the same nodes.
///
/// Supported operators: Conv, BatchNormalization, Relu, Sigmoid, Mul, Add, Concat, MaxPool, AveragePool,
/// GlobalAveragePool, Resize (nearest), Slice, Gather, Pad, Reshape, Transpose, Gemm, Constant, Softmax. Anything
/// else — an operator, or an attribute value outside what is implemented — is an Error naming the node, the operator
/// and the attribute when the module is built, never a wrong result at run time.
///
/// Thread: like any torch::nn::Module, use one instance from one thread at a time.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "neural/OnnxNode.h"

namespace onnx {
class ModelProto;
}

namespace edgescope {

class OnnxGraph : public torch::nn::Module {
 public:
  /// Builds the module from @p model; @p name (the file) prefixes errors.
  OnnxGraph(const onnx::ModelProto& model, const std::string& name);
  /// Reads and builds @p path (errors name the file).
  static std::shared_ptr<OnnxGraph> load(const std::string& path);

  /// The graph's outputs, in declaration order, for @p inputs given in the order of inputNames().
  std::vector<torch::Tensor> forward(const std::vector<torch::Tensor>& inputs);
  /// Runs the graph and returns the values named in @p taps (node outputs, graph inputs or outputs). Throws Error
  /// for a name no node produces. Only the nodes the taps need run.
  std::map<std::string, torch::Tensor> run(const std::vector<torch::Tensor>& inputs,
                                           const std::vector<std::string>& taps);
  /// As run(), from @p given values by name (graph inputs and/or any intermediate values): nodes that produce a
  /// given value do not run, so a caller can re-enter the graph after a layer with a value of its own (Turbo's
  /// enhancer exits). Throws Error naming the value a needed node lacks.
  std::map<std::string, torch::Tensor> runFrom(std::map<std::string, torch::Tensor> given,
                                               const std::vector<std::string>& taps);

  const std::vector<std::string>& inputNames() const { return inputNames_; }
  const std::vector<std::string>& outputNames() const { return outputNames_; }
  const std::vector<OnnxNode>& nodes() const { return nodes_; }
  /// The registered parameter or buffer that holds ONNX initializer @p onnxName (its name in named_parameters()).
  std::string parameterName(const std::string& onnxName) const;

 private:
  torch::Tensor value(const std::map<std::string, torch::Tensor>& values, const std::string& name,
                      const OnnxNode& node) const;
  torch::Tensor apply(const OnnxNode& node, const std::vector<torch::Tensor>& in) const;

  std::string name_;
  int opset_ = 0;  ///< version of the default operator set (Softmax's semantics changed in 13)
  std::vector<std::string> inputNames_;
  std::vector<std::string> outputNames_;
  std::vector<OnnxNode> nodes_;
  std::map<std::string, torch::Tensor> constants_;  ///< initializers and Constant outputs, by ONNX name
  std::map<std::string, std::string> registered_;   ///< ONNX initializer name → parameter/buffer name
  std::map<std::string, std::size_t> producer_;     ///< value name → index of the node that outputs it
  /// SiLU written as x · Sigmoid(x) (YOLOX): Mul node index → x, for Sigmoids whose only reader is that Mul; run()
  /// computes torch::silu(x) once instead of two passes (unless the Sigmoid's own output is tapped).
  std::map<std::size_t, std::string> siluInput_;
  std::map<std::size_t, std::size_t> fusedSigmoid_;  ///< Sigmoid node index → the Mul that absorbs it
};

}  // namespace edgescope
