#include "detect/OnnxSubgraph.h"

#include <map>
#include <set>

#include <onnx/onnx_pb.h>

#include "util/Error.h"

namespace edgescope {

std::shared_ptr<onnx::ModelProto> OnnxSubgraph::cut(const onnx::ModelProto& model,
                                                    const std::vector<std::string>& outputs, const std::string& name) {
  const onnx::GraphProto& graph = model.graph();
  std::map<std::string, int> producer;
  for (int i = 0; i < graph.node_size(); ++i)
    for (const std::string& output : graph.node(i).output()) producer[output] = i;
  std::set<std::string> inputs;
  for (const onnx::ValueInfoProto& input : graph.input()) inputs.insert(input.name());

  std::set<int> needed;
  std::set<std::string> read;
  std::vector<std::string> pending(outputs.begin(), outputs.end());
  for (const std::string& output : outputs) {
    if (!producer.count(output) && !inputs.count(output))
      throw Error(name + ": no node produces '" + output + "' (cannot cut the graph there)");
  }
  while (!pending.empty()) {
    const std::string value = pending.back();
    pending.pop_back();
    if (value.empty() || !read.insert(value).second) continue;
    const auto it = producer.find(value);
    if (it == producer.end() || !needed.insert(it->second).second) continue;
    for (const std::string& input : graph.node(it->second).input()) pending.push_back(input);
  }

  auto cutModel = std::make_shared<onnx::ModelProto>(model);
  onnx::GraphProto* out = cutModel->mutable_graph();
  out->clear_node();
  out->clear_initializer();
  out->clear_input();
  out->clear_output();
  out->clear_value_info();
  for (int i = 0; i < graph.node_size(); ++i)
    if (needed.count(i)) *out->add_node() = graph.node(i);
  for (const onnx::TensorProto& initializer : graph.initializer())
    if (read.count(initializer.name())) *out->add_initializer() = initializer;
  for (const onnx::ValueInfoProto& input : graph.input())
    if (read.count(input.name())) *out->add_input() = input;
  for (const std::string& output : outputs) out->add_output()->set_name(output);
  return cutModel;
}

bool OnnxSubgraph::isStaticInput(const std::string& op, std::size_t index) {
  if (op == "BatchNormalization") return index >= 3;
  if (op == "Resize" || op == "Slice" || op == "Pad" || op == "Gather" || op == "Reshape") return index >= 1;
  return false;
}

std::shared_ptr<onnx::ModelProto> OnnxSubgraph::stripWeights(const onnx::ModelProto& model) {
  std::set<std::string> weights;
  for (const onnx::NodeProto& node : model.graph().node())
    for (int k = 0; k < node.input_size(); ++k)
      if (!isStaticInput(node.op_type(), static_cast<std::size_t>(k))) weights.insert(node.input(k));
  auto stripped = std::make_shared<onnx::ModelProto>(model);
  for (onnx::TensorProto& initializer : *stripped->mutable_graph()->mutable_initializer()) {
    if (initializer.data_type() != onnx::TensorProto::FLOAT || !weights.count(initializer.name())) continue;
    initializer.clear_raw_data();
    initializer.clear_float_data();
  }
  if (!weightsStripped(*stripped)) {
    onnx::StringStringEntryProto* entry = stripped->add_metadata_props();
    entry->set_key(kWeightsStrippedKey);
    entry->set_value("1");
  }
  return stripped;
}

bool OnnxSubgraph::weightsStripped(const onnx::ModelProto& model) {
  for (const onnx::StringStringEntryProto& entry : model.metadata_props())
    if (entry.key() == kWeightsStrippedKey && entry.value() == "1") return true;
  return false;
}

}  // namespace edgescope
