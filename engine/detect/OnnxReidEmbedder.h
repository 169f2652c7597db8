#pragma once
/// @file OnnxReidEmbedder.h
/// An OSNet-style person re-identification network run through OpenCV dnn: each box is cropped, resized to the
/// model's input (128×256 for OSNet), converted to RGB, scaled to [0, 1] and normalised with the ImageNet mean/std,
/// and the network's feature vector (512-d for OSNet) is L2-normalised.

#include <string>
#include <vector>

#include "detect/Embedder.h"
#include "detect/OnnxModel.h"

namespace edgescope {

/// Thread: one caller at a time. Owns its net.
class OnnxReidEmbedder : public Embedder {
 public:
  /// Crop size used when the model declares a dynamic height/width.
  static constexpr int kDefaultWidth = 128, kDefaultHeight = 256;
  /// Largest batch sent at once to a model whose batch dimension is dynamic.
  static constexpr int kMaxDynamicBatch = 32;

  /// Loads @p modelPath, reads its input shape (N×3×H×W; N fixed → batches of N, padded; N dynamic → up to
  /// kMaxDynamicBatch crops per inference), runs one warm-up inference and checks the output is N×D. Every failure
  /// throws Error naming the file.
  explicit OnnxReidEmbedder(const std::string& modelPath);

  void embed(const cv::Mat& bgr, std::vector<Detection>& detections) override;
  std::string name() const override { return "onnx-reid:" + model_.stem(); }
  int dimension() const override { return dimension_; }
  /// Crop size (width × height) fed to the network.
  cv::Size cropSize() const { return cropSize_; }
  /// Crops per inference: the model's fixed batch, or kMaxDynamicBatch when it is dynamic.
  int batchSize() const { return batchSize_; }
  bool dynamicBatch() const { return dynamicBatch_; }

  /// Fills image @p index of the N×3×H×W float @p blob from @p crop (any size, 8-bit BGR): resize to H×W, RGB,
  /// /255, (x − mean) / std per channel with the ImageNet statistics.
  static void fillBlob(const cv::Mat& crop, cv::Mat& blob, int index);

 private:
  /// Runs the first @p count images of @p blob and returns count × dimension() features (row-major).
  cv::Mat infer(const cv::Mat& blob, int count);

  OnnxModel model_;
  cv::Size cropSize_;
  int batchSize_ = 1;
  bool dynamicBatch_ = false;
  int dimension_ = 0;
};

}  // namespace edgescope
