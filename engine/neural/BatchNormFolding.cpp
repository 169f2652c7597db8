#include "neural/BatchNormFolding.h"

#include <stdexcept>

namespace edgescope {

namespace nn = torch::nn;

std::shared_ptr<nn::Conv2dImpl> BatchNormFolding::foldedConv(const nn::Conv2dImpl& conv, const nn::BatchNorm2dImpl& bn) {
  torch::NoGradGuard noGrad;
  const auto& o = conv.options;
  auto folded = std::make_shared<nn::Conv2dImpl>(nn::Conv2dOptions(o.in_channels(), o.out_channels(), o.kernel_size())
                                                     .stride(o.stride())
                                                     .padding(o.padding())
                                                     .dilation(o.dilation())
                                                     .groups(o.groups())
                                                     .bias(true));
  const torch::Tensor scale = bn.weight / torch::sqrt(bn.running_var + bn.options.eps());
  folded->weight.copy_(conv.weight * scale.view({-1, 1, 1, 1}));
  const torch::Tensor bias = conv.bias.defined() ? conv.bias : torch::zeros_like(bn.running_mean);
  folded->bias.copy_(bn.bias + (bias - bn.running_mean) * scale);
  return folded;
}

nn::Sequential BatchNormFolding::fold(const nn::Sequential& seq, const ChildHook& hook) {
  nn::Sequential out;
  for (std::size_t i = 0; i < seq->size(); ++i) {
    const std::shared_ptr<nn::Module> child = seq->ptr(i);
    if (auto conv = std::dynamic_pointer_cast<nn::Conv2dImpl>(child)) {
      auto bn = i + 1 < seq->size() ? std::dynamic_pointer_cast<nn::BatchNorm2dImpl>(seq->ptr(i + 1)) : nullptr;
      if (bn) {
        out->push_back(foldedConv(*conv, *bn));
        ++i;
      } else {
        out->push_back(conv);
      }
    } else if (auto relu = std::dynamic_pointer_cast<nn::ReLUImpl>(child)) {
      out->push_back(relu);
    } else if (nn::AnyModule kept = hook ? hook(child) : nn::AnyModule(); !kept.is_empty()) {
      out->push_back(std::move(kept));
    } else {
      throw std::logic_error("BatchNormFolding: unexpected module " + child->name());
    }
  }
  return out;
}

}  // namespace edgescope
