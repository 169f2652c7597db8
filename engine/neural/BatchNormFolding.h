#pragma once
/// @file BatchNormFolding.h
/// Folding BatchNorm layers (with their running statistics) into the convolution before them, for inference:
/// shared by JdeNet and the Turbo enhancer. Only edgescope_torch includes this header.

#include <functional>
#include <memory>

#include <torch/torch.h>

namespace edgescope {

/// Stateless; any thread (on modules nobody else uses meanwhile).
class BatchNormFolding {
 public:
  /// Called for a child that is neither Conv2d, BatchNorm2d nor ReLU: returns it (folded inside) to keep, or an
  /// empty AnyModule when it does not know the child.
  using ChildHook = std::function<torch::nn::AnyModule(const std::shared_ptr<torch::nn::Module>&)>;

  /// A copy of @p conv with @p bn's affine transform and running statistics folded into its weight and bias.
  static std::shared_ptr<torch::nn::Conv2dImpl> foldedConv(const torch::nn::Conv2dImpl& conv,
                                                           const torch::nn::BatchNorm2dImpl& bn);
  /// @p seq with every Conv2d → BatchNorm2d pair replaced by one folded Conv2d. Other children are kept after
  /// @p hook saw them; one the hook does not handle (and that is not a ReLU) is a std::logic_error.
  static torch::nn::Sequential fold(const torch::nn::Sequential& seq, const ChildHook& hook = {});
};

}  // namespace edgescope
