#include "neural/AmsTrainableSet.h"

#include <algorithm>
#include <cstring>
#include <set>

#include "util/Error.h"

namespace edgescope {

namespace {

std::uint64_t fnv1a(std::uint64_t hash, const std::string& text) {
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

std::string firstComponent(const std::string& name) { return name.substr(0, name.find('.')); }

bool startsWith(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

}  // namespace

bool AmsTrainableSet::isTrainableModule(const std::string& moduleName) {
  const std::string first = firstComponent(moduleName);
  if (first == "heatmap" || first == "size" || first == "offset" || first == "stem") return true;
  return startsWith(first, "stage") || startsWith(first, "lateral") || startsWith(first, "smooth");
}

AmsTrainableSet::AmsTrainableSet(JdeNet& net) {
  if (net->batchNormFolded())
    throw Error("AMS trainable set: the network is folded for inference (AMS trains the unfolded master)");
  auto add = [&](const std::string& layer, const std::string& name, const torch::Tensor& tensor) {
    Entry entry{name, layer, tensor, total_, static_cast<std::size_t>(tensor.numel())};
    total_ += entry.count;
    entries_.push_back(std::move(entry));
  };
  if (const auto& graph = net->onnxBackbone()) {
    // The weights and biases its Conv nodes read, in node (forward) order: not the other float initializers (an
    // unfolded BatchNormalization's scale and shift, a Gemm, a Mul's constant) that the import also registers as
    // parameters, and not in initializer order.
    const auto parameters = graph->named_parameters(/*recurse=*/false);
    std::set<std::string> seen;
    for (const OnnxNode& node : graph->nodes()) {
      if (node.op != "Conv") continue;
      for (std::size_t k = 1; k < node.inputs.size() && k <= 2; ++k) {
        if (node.inputs[k].empty()) continue;
        const torch::Tensor* tensor = nullptr;
        std::string name;
        try {
          name = graph->parameterName(node.inputs[k]);
          tensor = parameters.find(name);
        } catch (const Error&) {  // computed by another node, not an initializer
        }
        if (tensor != nullptr && seen.insert(name).second) add("backbone", "backbone." + name, *tensor);
      }
    }
  }
  for (const auto& item : net->named_modules(/*name_prefix=*/"", /*include_self=*/false)) {
    if (!item.value()->as<torch::nn::Conv2dImpl>() || !isTrainableModule(item.key())) continue;
    for (const auto& parameter : item.value()->named_parameters(/*recurse=*/false))
      add(item.key(), item.key() + "." + parameter.key(), parameter.value());
  }
  if (entries_.empty()) throw Error("AMS trainable set: the network has no trainable convolution");
  std::uint64_t hash = 1469598103934665603ull;
  for (const Entry& entry : entries_) {
    std::string text = entry.name + ":";
    for (std::int64_t i = 0; i < entry.tensor.dim(); ++i) text += (i ? "x" : "") + std::to_string(entry.tensor.size(i));
    hash = fnv1a(hash, text + ";");
  }
  layoutHash_ = hash;
}

std::vector<torch::Tensor> AmsTrainableSet::tensors() const {
  std::vector<torch::Tensor> out;
  out.reserve(entries_.size());
  for (const Entry& entry : entries_) out.push_back(entry.tensor);
  return out;
}

std::vector<float> AmsTrainableSet::flat() const {
  std::vector<float> out(total_);
  for (const Entry& entry : entries_) {
    const torch::Tensor cpu = entry.tensor.detach().to(torch::kCPU).to(torch::kFloat).contiguous();
    std::memcpy(out.data() + entry.offset, cpu.data_ptr<float>(), entry.count * sizeof(float));
  }
  return out;
}

void AmsTrainableSet::assign(const std::vector<float>& values) {
  if (values.size() != total_)
    throw Error("AMS trainable set: field 'values': " + std::to_string(values.size()) + " floats for " +
                std::to_string(total_) + " parameters");
  torch::NoGradGuard noGrad;
  for (Entry& entry : entries_) {
    torch::Tensor source =
        torch::from_blob(const_cast<float*>(values.data() + entry.offset), entry.tensor.sizes(), torch::kFloat);
    entry.tensor.copy_(source);
  }
}

std::size_t AmsTrainableSet::entryOf(std::size_t index) const {
  if (index >= total_)
    throw Error("AMS trainable set: index " + std::to_string(index) + " >= " + std::to_string(total_));
  auto it = std::upper_bound(entries_.begin(), entries_.end(), index,
                             [](std::size_t value, const Entry& entry) { return value < entry.offset; });
  return static_cast<std::size_t>(it - entries_.begin()) - 1;
}

std::vector<std::pair<std::string, std::size_t>> AmsTrainableSet::perLayerCounts(
    const std::vector<std::uint32_t>& indices) const {
  std::vector<std::pair<std::string, std::size_t>> out;
  std::vector<std::size_t> perEntry(entries_.size(), 0);
  for (std::uint32_t index : indices) ++perEntry[entryOf(index)];
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    if (out.empty() || out.back().first != entries_[i].layer) out.emplace_back(entries_[i].layer, 0);
    out.back().second += perEntry[i];
  }
  return out;
}

}  // namespace edgescope
