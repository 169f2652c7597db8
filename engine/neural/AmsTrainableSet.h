#pragma once
/// @file AmsTrainableSet.h
/// The coordinates AMS may change in the camera's JDE network (paper 003, Section 3.1; issue 22): every convolution
/// of the backbone (the imported graph's weights and biases, or the native stem and stages), of the neck (laterals and
/// smoothing convolutions) and of the heatmap, size and offset heads, in forward order. BatchNorm (frozen), the ReID
/// and detectability heads and the embedding are not part of it. The flat vector these tensors make, each flattened
/// row-major one after another, is what MaskedAdam's masks and a SparseUpdate's indices address; layoutHash()
/// identifies it (names, shapes and order). Only edgescope_torch includes this header.

#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

#include "neural/JdeNet.h"

namespace edgescope {

/// Holds handles to a network's tensors (shared storage). Not thread-safe; the network must outlive it and must not
/// be folded (JdeNetImpl::foldBatchNorm replaces the modules these tensors belong to).
class AmsTrainableSet {
 public:
  /// One trainable tensor.
  struct Entry {
    std::string name;   ///< the parameter's name in the network ("smooth1.0.weight", "backbone.conv_12_w")
    std::string layer;  ///< its module ("smooth1.0", "backbone" for the imported graph's tensors)
    torch::Tensor tensor;
    std::size_t offset = 0;  ///< first flat index
    std::size_t count = 0;   ///< numel
  };

  /// The trainable set of @p net. Throws Error when the network is folded or the set is empty.
  explicit AmsTrainableSet(JdeNet& net);

  const std::vector<Entry>& entries() const { return entries_; }
  /// The tensors in flat order (MaskedAdam's parameters).
  std::vector<torch::Tensor> tensors() const;
  std::size_t parameterCount() const { return total_; }
  /// FNV-1a 64 of "name:d0xd1x…;" for every entry in order: two networks of the same architecture agree.
  std::uint64_t layoutHash() const { return layoutHash_; }

  /// The flat vector (a CPU copy).
  std::vector<float> flat() const;
  /// Writes @p values (parameterCount() floats, else Error naming "values") into the tensors, under NoGradGuard.
  void assign(const std::vector<float>& values);
  /// The entry index holding flat index @p index (binary search; Error when out of range).
  std::size_t entryOf(std::size_t index) const;
  /// Selected coordinates per layer (entries of one module summed), in forward order, for the per-layer share plot.
  std::vector<std::pair<std::string, std::size_t>> perLayerCounts(const std::vector<std::uint32_t>& indices) const;

  /// Whether @p name's module belongs to the trainable set (exposed for tests).
  static bool isTrainableModule(const std::string& moduleName);

 private:
  std::vector<Entry> entries_;
  std::size_t total_ = 0;
  std::uint64_t layoutHash_ = 0;
};

}  // namespace edgescope
