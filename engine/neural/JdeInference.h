#pragma once
/// @file JdeInference.h
/// Runs a JdeNet on one frame: resize to the requested input size, normalise into a preallocated tensor, forward in
/// inference mode, decode centre peaks into boxes with embeddings, and (on request) the DeepScale detectability maps.
/// Only edgescope_torch includes this header.

#include <vector>

#include <opencv2/core/mat.hpp>
#include <torch/torch.h>

#include "core/Detection.h"
#include "neural/JdeNet.h"

namespace edgescope {

/// What one inference produced. Value type.
struct JdeFrameResult {
  std::vector<Detection> detections;  ///< frame pixels, descending score, with L2-normalised embeddings if asked
  std::vector<cv::Mat> detectability; ///< R CV_32F maps in [0, 1] on the input's stride-4 grid, highest rung first
};

/// Thread: one caller at a time. Shares the network (the trainer keeps training it between calls).
class JdeInference {
 public:
  struct Options {
    float scoreThreshold = 0.1f;  ///< keep peaks at least this confident
    int maxObjects = 128;         ///< top-K peaks considered
    bool embeddings = true;       ///< gather ReID embeddings
  };

  JdeInference(JdeNet net, torch::Device device, Options options);
  /// @p bgr: 8-bit BGR (grey/BGRA converted); @p inputSize: network input, sides multiples of 32 (else Error).
  /// Switches the network to eval mode for the call and restores the previous mode.
  JdeFrameResult run(const cv::Mat& bgr, cv::Size inputSize, bool withDetectability);
  Options& options() { return options_; }
  /// Writes @p bgr (8-bit BGR) as normalised, interleaved RGB (rows × cols × 3 floats) to @p dst: the memory of a
  /// 3 × rows × cols tensor in channels-last format, which the CPU convolutions (oneDNN) run ≈ 1.7× faster on
  /// than on planar input (docs/BENCHMARKS.md).
  static void normalizeInto(const cv::Mat& bgr, const JdeNetConfig& config, float* dst);
  const torch::Device& device() const { return device_; }
  /// The normalised 1×3×H×W input of @p bgr at @p inputSize (on the device; a reused buffer: valid until the next
  /// call). Throws Error for a size that is not a positive multiple of 32.
  torch::Tensor preprocess(const cv::Mat& bgr, cv::Size inputSize);
  /// Boxes (frame pixels, descending score) from the raw outputs of one image.
  std::vector<Detection> decode(const JdeNetOutput& out, cv::Size frameSize, cv::Size inputSize);
  JdeNet& net() { return net_; }
  /// Runs @p net from the next call on (AMS swaps, StreamedJdeModel): a network of the same architecture, already on
  /// device(). A pointer swap; the old network is released when nobody else holds it.
  void replaceNet(JdeNet net) { net_ = std::move(net); }

 private:

  JdeNet net_;
  torch::Device device_;
  Options options_;
  cv::Mat resized_;
  torch::Tensor input_;  ///< preallocated 1×3×H×W channels-last host buffer, reused while the size stays the same
};

}  // namespace edgescope
