#pragma once
/// @file Embedder.h
/// The interface of appearance embedders (ReID features for association). Create one with EmbedderFactory.

#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "core/Detection.h"

namespace edgescope {

/// Thread: one caller at a time; different instances may run on different threads. Owned by whoever created it.
class Embedder {
 public:
  virtual ~Embedder() = default;

  /// Fills `embedding` of every detection with an L2-normalised vector of dimension() floats computed from the part
  /// of the box inside @p bgr (8-bit BGR; grey/BGRA converted). A box with no pixel inside the frame gets an empty
  /// embedding. Boxes are in @p bgr's pixel coordinates. Throws Error (naming the model file) when inference fails.
  virtual void embed(const cv::Mat& bgr, std::vector<Detection>& detections) = 0;

  /// Short display name, e.g. "onnx-reid:osnet_x0_25_msmt17" or "color-hist".
  virtual std::string name() const = 0;

  /// Length of the embeddings this embedder produces.
  virtual int dimension() const = 0;

  /// Scales @p vector to unit L2 norm in place; a zero (or non-finite) vector is left as all zeros.
  static void normalizeL2(std::vector<float>& vector);

  /// Dot product of two L2-normalised embeddings (cosine similarity); 0 when sizes differ or either is empty.
  static float cosineSimilarity(const std::vector<float>& a, const std::vector<float>& b);
};

}  // namespace edgescope
