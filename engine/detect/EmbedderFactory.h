#pragma once
/// @file EmbedderFactory.h
/// Creates appearance embedders from spec strings:
///   onnx-reid:PATH   OSNet-style ReID network (see OnnxReidEmbedder); no options
///   color-hist       HSV histograms of the upper/lower body halves (see ColorHistogramEmbedder); no options

#include <memory>
#include <string>
#include <vector>

#include "detect/Embedder.h"

namespace edgescope {

/// Stateless; call from any thread. Returned embedders belong to the caller.
class EmbedderFactory {
 public:
  /// Throws Error naming the spec for an unknown scheme or any option, and naming the file for a missing or
  /// corrupt model or one whose input/output is not image → feature vector.
  static std::unique_ptr<Embedder> create(const std::string& spec);

  /// Specs that can be offered: "color-hist" always, then "onnx-reid:PATH" for each of @p modelPaths that exists and
  /// whose declared shapes do not rule out an embedder (4-D image input, 2-D output).
  static std::vector<std::string> availableEmbedders(const std::vector<std::string>& modelPaths = {});
};

}  // namespace edgescope
