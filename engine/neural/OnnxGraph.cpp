#include "neural/OnnxGraph.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <limits>
#include <set>

#include <onnx/onnx_pb.h>

#include "detect/OnnxProto.h"
#include "detect/OnnxSubgraph.h"
#include "util/Error.h"

namespace edgescope {
namespace {

namespace F = torch::nn::functional;

/// @p stripped: the model came from OnnxSubgraph::stripWeights, so a float tensor without data is zeros of its shape
/// (its values come from a saved module); otherwise missing data is an error.
torch::Tensor tensorOf(const onnx::TensorProto& proto, const std::string& where, bool stripped = false) {
  if (proto.data_location() == onnx::TensorProto::EXTERNAL) {
    throw Error(where + ": tensor '" + proto.name() + "' keeps its data in an external file (not supported)");
  }
  const std::vector<std::int64_t> dims(proto.dims().begin(), proto.dims().end());
  std::int64_t count = 1;
  for (const std::int64_t d : dims) count *= d;
  const auto fromRaw = [&](torch::ScalarType type, std::size_t elementBytes) {
    if (proto.raw_data().size() != static_cast<std::size_t>(count) * elementBytes) {
      throw Error(where + ": tensor '" + proto.name() + "' has " + std::to_string(proto.raw_data().size()) +
                  " bytes of data for " + std::to_string(count) + " elements");
    }
    torch::Tensor tensor = torch::empty(dims, torch::TensorOptions().dtype(type));
    if (count > 0) std::memcpy(tensor.data_ptr(), proto.raw_data().data(), proto.raw_data().size());
    return tensor;
  };
  switch (proto.data_type()) {
    case onnx::TensorProto::FLOAT:
      if (stripped && proto.raw_data().empty() && proto.float_data_size() == 0) return torch::zeros(dims);
      if (!proto.raw_data().empty() || proto.float_data_size() == 0) return fromRaw(torch::kFloat32, 4);
      return torch::tensor(std::vector<float>(proto.float_data().begin(), proto.float_data().end())).reshape(dims);
    case onnx::TensorProto::INT64:
      if (!proto.raw_data().empty() || proto.int64_data_size() == 0) return fromRaw(torch::kInt64, 8);
      return torch::tensor(std::vector<std::int64_t>(proto.int64_data().begin(), proto.int64_data().end()))
          .reshape(dims);
    case onnx::TensorProto::INT32:
      if (!proto.raw_data().empty() || proto.int32_data_size() == 0) return fromRaw(torch::kInt32, 4).to(torch::kInt64);
      return torch::tensor(std::vector<std::int64_t>(proto.int32_data().begin(), proto.int32_data().end()))
          .reshape(dims);
    default:
      throw Error(where + ": tensor '" + proto.name() + "' has data type " + std::to_string(proto.data_type()) +
                  " (only float, int64 and int32 are supported)");
  }
}

std::vector<std::int64_t> integers(const torch::Tensor& tensor) {
  const torch::Tensor flat = tensor.to(torch::kCPU).to(torch::kInt64).contiguous().flatten();
  return std::vector<std::int64_t>(flat.data_ptr<std::int64_t>(), flat.data_ptr<std::int64_t>() + flat.numel());
}

std::string moduleName(const std::string& onnxName, std::set<std::string>& used) {
  std::string name = "w_";
  for (const char c : onnxName) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  std::string unique = name;
  for (int i = 2; used.count(unique); ++i) unique = name + "_" + std::to_string(i);
  used.insert(unique);
  return unique;
}

/// ONNX pads [top, left, bottom, right]: symmetric ones go to the operator, others pad the input first.
torch::Tensor padAsymmetric(const torch::Tensor& x, std::vector<std::int64_t>& pads, double value) {
  if (pads[0] == pads[2] && pads[1] == pads[3]) return x;
  torch::Tensor padded = F::pad(x, F::PadFuncOptions({pads[1], pads[3], pads[0], pads[2]}).value(value));
  pads = {0, 0, 0, 0};
  return padded;
}

}  // namespace

OnnxGraph::OnnxGraph(const onnx::ModelProto& model, const std::string& name) : name_(name) {
  const onnx::GraphProto& graph = model.graph();
  int opset = 0;
  for (const onnx::OperatorSetIdProto& set : model.opset_import()) {
    if (set.domain().empty() || set.domain() == "ai.onnx") opset = static_cast<int>(set.version());
  }
  opset_ = opset;
  std::map<std::string, bool> staticUse;  // initializer name → used at a static input only
  for (int i = 0; i < graph.node_size(); ++i) {
    nodes_.push_back(OnnxNode::fromProto(graph.node(i), i, name));
    const OnnxNode& node = nodes_.back();
    for (std::size_t k = 0; k < node.inputs.size(); ++k) {
      auto [it, fresh] = staticUse.emplace(node.inputs[k], true);
      it->second = it->second && OnnxSubgraph::isStaticInput(node.op, k);
    }
    for (const std::string& output : node.outputs) producer_[output] = nodes_.size() - 1;
    if (node.op == "Constant") {
      for (const onnx::AttributeProto& attribute : graph.node(i).attribute()) {
        if (attribute.name() == "value") constants_[node.outputs.at(0)] = tensorOf(attribute.t(), node.where(name));
      }
    }
  }
  std::set<std::string> used;
  const bool stripped = OnnxSubgraph::weightsStripped(model);
  for (const onnx::TensorProto& initializer : graph.initializer()) {
    torch::Tensor tensor = tensorOf(initializer, name, stripped);
    const std::string registered = moduleName(initializer.name(), used);
    const bool weight = tensor.is_floating_point() && !staticUse[initializer.name()];
    constants_[initializer.name()] =
        weight ? register_parameter(registered, tensor) : register_buffer(registered, tensor);
    registered_[initializer.name()] = registered;
  }
  for (const auto& [onnxName, tensor] : constants_) {  // Constant nodes' values move with the module too
    if (!registered_.count(onnxName)) {
      const std::string registered = moduleName(onnxName, used);
      constants_[onnxName] = register_buffer(registered, tensor);
      registered_[onnxName] = registered;
    }
  }
  for (const onnx::ValueInfoProto& input : graph.input()) {
    if (!constants_.count(input.name())) inputNames_.push_back(input.name());
  }
  for (const onnx::ValueInfoProto& output : graph.output()) outputNames_.push_back(output.name());
  std::map<std::string, int> readers;
  for (const OnnxNode& node : nodes_)
    for (const std::string& input : node.inputs) ++readers[input];
  for (const std::string& output : outputNames_) ++readers[output];
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    const OnnxNode& mul = nodes_[i];
    if (mul.op != "Mul" || mul.inputs.size() != 2) continue;
    for (std::size_t k = 0; k < 2; ++k) {
      const auto sigmoid = producer_.find(mul.inputs[k]);
      if (sigmoid == producer_.end() || nodes_[sigmoid->second].op != "Sigmoid" || readers[mul.inputs[k]] != 1 ||
          nodes_[sigmoid->second].inputs.at(0) != mul.inputs[1 - k])
        continue;
      siluInput_[i] = mul.inputs[1 - k];
      fusedSigmoid_[sigmoid->second] = i;
      break;
    }
  }
  for (const OnnxNode& node : nodes_) {
    for (const std::string& input : node.inputs) {
      const bool known = input.empty() || constants_.count(input) || producer_.count(input) ||
                         std::find(inputNames_.begin(), inputNames_.end(), input) != inputNames_.end();
      if (!known) throw Error(node.where(name) + ": input '" + input + "' is produced by no node or initializer");
    }
  }
}

std::shared_ptr<OnnxGraph> OnnxGraph::load(const std::string& path) {
  return std::make_shared<OnnxGraph>(*OnnxProto::read(path), path);
}

std::string OnnxGraph::parameterName(const std::string& onnxName) const {
  const auto it = registered_.find(onnxName);
  if (it == registered_.end()) throw Error(name_ + ": no initializer named '" + onnxName + "'");
  return it->second;
}

std::vector<torch::Tensor> OnnxGraph::forward(const std::vector<torch::Tensor>& inputs) {
  const std::map<std::string, torch::Tensor> values = run(inputs, outputNames_);
  std::vector<torch::Tensor> outputs;
  for (const std::string& output : outputNames_) outputs.push_back(values.at(output));
  return outputs;
}

std::map<std::string, torch::Tensor> OnnxGraph::run(const std::vector<torch::Tensor>& inputs,
                                                    const std::vector<std::string>& taps) {
  if (inputs.size() != inputNames_.size()) {
    throw Error(name_ + ": the graph takes " + std::to_string(inputNames_.size()) + " inputs, got " +
                std::to_string(inputs.size()));
  }
  std::map<std::string, torch::Tensor> given;
  for (std::size_t i = 0; i < inputs.size(); ++i) given[inputNames_[i]] = inputs[i];
  return runFrom(std::move(given), taps);
}

std::map<std::string, torch::Tensor> OnnxGraph::runFrom(std::map<std::string, torch::Tensor> given,
                                                        const std::vector<std::string>& taps) {
  // Computed values only: initializers and constants are looked up in constants_ (no per-run copy).
  std::map<std::string, torch::Tensor> values = std::move(given);
  // Only the nodes the taps depend on run; the walk stops at given values.
  std::vector<bool> needed(nodes_.size(), false);
  std::vector<std::string> pending;
  for (const std::string& tap : taps) {
    if (!values.count(tap) && !constants_.count(tap) && !producer_.count(tap)) throw Error(name_ + ": no value named '" + tap + "' in the graph");
    pending.push_back(tap);
  }
  while (!pending.empty()) {
    const std::string name = pending.back();
    pending.pop_back();
    const auto it = producer_.find(name);
    if (it == producer_.end() || needed[it->second] || values.count(name)) continue;
    needed[it->second] = true;
    for (const std::string& input : nodes_[it->second].inputs) pending.push_back(input);
  }
  // A value is dropped after its last reader (taps are kept): peak memory stays near the widest layer.
  const std::set<std::string> kept(taps.begin(), taps.end());
  std::map<std::string, std::size_t> lastReader;
  for (std::size_t i = 0; i < nodes_.size(); ++i)
    if (needed[i])
      for (const std::string& input : nodes_[i].inputs) lastReader[input] = i;
  std::vector<bool> skipped(nodes_.size(), false);
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    const OnnxNode& node = nodes_[i];
    if (!needed[i] || node.op == "Constant") continue;
    if (fusedSigmoid_.count(i) && !kept.count(node.outputs.at(0))) {
      skipped[i] = true;  // its Mul computes SiLU
      continue;
    }
    try {
      const auto silu = siluInput_.find(i);
      if (silu != siluInput_.end() && skipped[producer_.at(node.inputs[silu->second == node.inputs[0] ? 1 : 0])]) {
        values[node.outputs.at(0)] = torch::silu(value(values, silu->second, node));
      } else {
        std::vector<torch::Tensor> in;
        for (const std::string& input : node.inputs)
          in.push_back(input.empty() ? torch::Tensor() : value(values, input, node));
        values[node.outputs.at(0)] = apply(node, in);
      }
    } catch (const c10::Error& e) {
      throw Error(node.where(name_) + ": " + e.what_without_backtrace());
    }
    for (const std::string& input : node.inputs)
      if (lastReader[input] == i && !kept.count(input)) values.erase(input);
  }
  std::map<std::string, torch::Tensor> out;
  for (const std::string& tap : taps) out[tap] = value(values, tap, {});
  return out;
}

torch::Tensor OnnxGraph::value(const std::map<std::string, torch::Tensor>& values, const std::string& name,
                               const OnnxNode& node) const {
  if (const auto it = values.find(name); it != values.end()) return it->second;
  if (const auto it = constants_.find(name); it != constants_.end()) return it->second;
  throw Error(node.where(name_) + ": input '" + name + "' has no value");
}

torch::Tensor OnnxGraph::apply(const OnnxNode& n, const std::vector<torch::Tensor>& in) const {
  const std::string& op = n.op;
  if (op == "Conv") {
    std::vector<std::int64_t> pads = n.intsOr("pads", {0, 0, 0, 0});
    const torch::Tensor x = padAsymmetric(in[0], pads, 0.0);
    const torch::Tensor bias = in.size() > 2 ? in[2] : torch::Tensor();
    return torch::conv2d(x, in[1], bias, n.intsOr("strides", {1, 1}), {pads[0], pads[1]},
                         n.intsOr("dilations", {1, 1}), n.intOr("group", 1));
  }
  if (op == "BatchNormalization") {
    return torch::batch_norm(in[0], in[1], in[2], in[3], in[4], is_training(), 1.0 - n.floatOr("momentum", 0.9),
                             n.floatOr("epsilon", 1e-5), false);
  }
  if (op == "Relu") return torch::relu(in[0]);
  if (op == "Sigmoid") return torch::sigmoid(in[0]);
  if (op == "Mul") return in[0] * in[1];
  if (op == "Add") return in[0] + in[1];
  if (op == "Concat") return torch::cat(in, n.intOr("axis", 0));
  if (op == "MaxPool") {
    std::vector<std::int64_t> pads = n.intsOr("pads", {0, 0, 0, 0});
    const torch::Tensor x = padAsymmetric(in[0], pads, -std::numeric_limits<double>::infinity());
    const auto kernel = n.intsOr("kernel_shape", {});
    return torch::max_pool2d(x, kernel, n.intsOr("strides", kernel), {pads[0], pads[1]},
                             n.intsOr("dilations", {1, 1}), n.intOr("ceil_mode", 0) != 0);
  }
  if (op == "AveragePool") {
    std::vector<std::int64_t> pads = n.intsOr("pads", {0, 0, 0, 0});
    const torch::Tensor x = padAsymmetric(in[0], pads, 0.0);
    const auto kernel = n.intsOr("kernel_shape", {});
    return torch::avg_pool2d(x, kernel, n.intsOr("strides", kernel), {pads[0], pads[1]},
                             n.intOr("ceil_mode", 0) != 0, n.intOr("count_include_pad", 0) != 0);
  }
  if (op == "GlobalAveragePool") return in[0].mean({2, 3}, true);
  if (op == "Resize") {
    const torch::Tensor& x = in[0];
    if (in.size() > 3 && in[3].defined() && in[3].numel() > 0) {
      const auto sizes = integers(in[3]);
      return torch::upsample_nearest2d(x, {sizes.at(2), sizes.at(3)});
    }
    const torch::Tensor scales = in.at(2).to(torch::kCPU).to(torch::kDouble).contiguous();
    const double sh = scales[2].item<double>(), sw = scales[3].item<double>();
    const auto h = static_cast<std::int64_t>(std::floor(x.size(2) * sh));
    const auto w = static_cast<std::int64_t>(std::floor(x.size(3) * sw));
    return torch::upsample_nearest2d(x, {h, w}, sh, sw);
  }
  if (op == "Slice") {
    const auto starts = integers(in[1]), ends = integers(in[2]);
    std::vector<std::int64_t> axes, steps(starts.size(), 1);
    if (in.size() > 3 && in[3].defined()) axes = integers(in[3]);
    else for (std::size_t i = 0; i < starts.size(); ++i) axes.push_back(static_cast<std::int64_t>(i));
    if (in.size() > 4 && in[4].defined()) steps = integers(in[4]);
    torch::Tensor x = in[0];
    for (std::size_t i = 0; i < starts.size(); ++i) {
      if (steps.at(i) <= 0) throw Error(n.where(name_) + ": Slice with step " + std::to_string(steps[i]) + " (only positive steps are supported)");
      x = x.slice(axes.at(i), starts[i], ends.at(i), steps[i]);
    }
    return x;
  }
  if (op == "Gather") {
    const std::int64_t axis = n.intOr("axis", 0);
    const torch::Tensor indices = in[1].to(torch::kInt64);
    if (indices.dim() == 0) return in[0].select(axis, indices.item<std::int64_t>());
    const std::int64_t dim = axis < 0 ? axis + in[0].dim() : axis;
    const torch::Tensor wrapped = torch::where(indices < 0, indices + in[0].size(dim), indices);
    std::vector<std::int64_t> shape(in[0].sizes().begin(), in[0].sizes().begin() + dim);
    for (const std::int64_t d : indices.sizes()) shape.push_back(d);
    for (std::int64_t d = dim + 1; d < in[0].dim(); ++d) shape.push_back(in[0].size(d));
    return torch::index_select(in[0], dim, wrapped.flatten().to(in[0].device())).reshape(shape);
  }
  if (op == "Pad") {
    const auto pads = integers(in[1]);
    const std::int64_t rank = in[0].dim();
    std::vector<std::int64_t> torchPads;  // last dimension first: (begin, end) pairs
    for (std::int64_t d = rank - 1; d >= 0; --d) {
      torchPads.push_back(pads.at(static_cast<std::size_t>(d)));
      torchPads.push_back(pads.at(static_cast<std::size_t>(d + rank)));
    }
    const std::string mode = n.stringOr("mode", "constant");
    if (mode == "constant") {
      const double fill = in.size() > 2 && in[2].defined() ? in[2].item<double>() : 0.0;
      return torch::constant_pad_nd(in[0], torchPads, fill);
    }
    while (torchPads.size() > 4 && torchPads[torchPads.size() - 1] == 0 && torchPads[torchPads.size() - 2] == 0) {
      torchPads.resize(torchPads.size() - 2);  // reflect/replicate take the spatial dimensions only
    }
    F::PadFuncOptions options(torchPads);
    if (mode == "reflect") options.mode(torch::kReflect);
    else options.mode(torch::kReplicate);
    return F::pad(in[0], options);
  }
  if (op == "Reshape") {
    std::vector<std::int64_t> shape = integers(in[1]);
    for (std::size_t i = 0; i < shape.size(); ++i) {
      if (shape[i] == 0) shape[i] = in[0].size(static_cast<std::int64_t>(i));  // 0 copies the input's dimension
    }
    return in[0].reshape(shape);
  }
  if (op == "Transpose") {
    std::vector<std::int64_t> perm = n.intsOr("perm", {});
    if (perm.empty()) {
      for (std::int64_t d = in[0].dim() - 1; d >= 0; --d) perm.push_back(d);
    }
    return in[0].permute(perm);
  }
  if (op == "Gemm") {
    const torch::Tensor b = n.intOr("transB", 0) != 0 ? in[1].t() : in[1];
    torch::Tensor y = n.floatOr("alpha", 1.0) * torch::matmul(in[0], b);
    if (in.size() > 2 && in[2].defined()) y = y + n.floatOr("beta", 1.0) * in[2];
    return y;
  }
  if (op == "Softmax") {
    const std::int64_t axis = n.intOr("axis", opset_ >= 13 ? -1 : 1);
    if (opset_ >= 13) return torch::softmax(in[0], axis);
    // Before opset 13 Softmax works on the input flattened to 2-D at axis.
    const std::int64_t dim = axis < 0 ? axis + in[0].dim() : axis;
    const torch::Tensor flat = in[0].flatten(dim).flatten(0, dim - 1 < 0 ? 0 : dim - 1);
    const torch::Tensor x2 = dim == 0 ? in[0].reshape({1, -1}) : flat;
    return torch::softmax(x2, 1).reshape(in[0].sizes());
  }
  throw Error(n.where(name_) + ": operator not implemented");
}

}  // namespace edgescope
