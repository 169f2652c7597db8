#pragma once
/// @file JdeModelFile.h
/// Saving and loading a JdeNet: weights in LibTorch's own serialization (`NAME.pt`) next to the JSON model card
/// (`NAME.json`). Loading checks the card, the weights' sha256 and that every tensor matches the architecture; any
/// mismatch or corruption is an Error naming the file. Only edgescope_torch includes this header.

#include <string>

#include "neural/JdeModelCard.h"
#include "neural/JdeNet.h"

namespace edgescope {

/// A loaded model. Value type (JdeNet is a shared module handle).
struct JdeModel {
  JdeNet net{nullptr};
  JdeModelCard card;
  std::string weightsPath, cardPath;
};

/// Stateless; any thread.
class JdeModelFile {
 public:
  /// Writes @p net's weights to @p weightsPath (".pt") and @p card (with weightsFile and weightsSha256 filled in)
  /// next to it. Throws Error naming the path on failure, and for a network folded for inference
  /// (JdeNetImpl::foldBatchNorm).
  static void save(JdeNet& net, JdeModelCard card, const std::string& weightsPath);
  /// @p path: the card (".json") or the weights (".pt"); the other is found by extension. The net is on the CPU in
  /// eval mode. Throws Error naming the file: missing card/weights, invalid card, sha256 mismatch, weights that do
  /// not fit the architecture.
  static JdeModel load(const std::string& path);
  /// Throws Error (prefixed with @p what) when a parameter or buffer of @p loaded differs in name set or shape from
  /// @p reference (LibTorch's loader replaces tensors wholesale, so a file of another architecture loads silently).
  static void requireSameShapes(torch::nn::Module& reference, torch::nn::Module& loaded, const std::string& what);
  /// Parameters then buffers, in registration order (the order copyWeights() and averages pair them in).
  static std::vector<torch::Tensor> tensorsOf(torch::nn::Module& module);
  /// Copies every parameter and buffer of @p from into @p to after requireSameShapes(to, from, @p what).
  static void copyWeights(torch::nn::Module& from, torch::nn::Module& to, const std::string& what);
};

}  // namespace edgescope
