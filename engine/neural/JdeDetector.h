#pragma once
/// @file JdeDetector.h
/// Detector `jde:PATH[?conf=0.1&device=auto&threads=0&size=WxH]`: EdgeScope's own JDE network (boxes and ReID
/// embeddings in one pass, DeepScale detectability maps on request). PATH is the model card (.json) or the weights
/// (.pt). Only edgescope_torch includes this header; others create it through DetectorFactory.

#include <memory>

#include "detect/ScalableDetector.h"
#include "neural/JdeInference.h"
#include "neural/JdeModelFile.h"
#include "neural/StreamedJdeModel.h"
#include "neural/TurboInference.h"
#include "neural/TurboModelFile.h"
#include "turbo/TurboController.h"

namespace edgescope {

struct JdeDetectorOptions {
  float scoreThreshold = 0.1f;
  std::string device = "auto";  ///< auto | cpu | cuda (auto: CUDA when available, else CPU)
  int threads = 0;              ///< LibTorch intra-op threads, 0 = LibTorch's default
  cv::Size inputSize;           ///< empty: the frame size rounded to multiples of 32 (or what the governor asks)
};

/// Thread: one caller at a time.
class JdeDetector : public ScalableDetector {
 public:
  /// Turbo warm-up: the exits' timing runs stop once this much time is spent (the first run always completes), ms.
  static constexpr double kWarmUpBudgetMs = 3000.0;
  /// Loads the model (JdeModelFile::load errors propagate, naming the file) and moves it to the device.
  JdeDetector(const std::string& path, const JdeDetectorOptions& options);

  std::vector<Detection> detect(const cv::Mat& bgr) override;
  std::string name() const override { return name_; }
  cv::Size inputSize() const override { return inputSize_; }
  void setInputSize(cv::Size size) override;
  void setDetectabilityRequested(bool requested) override { detectabilityRequested_ = requested; }
  const std::vector<cv::Mat>& detectability() const override { return detectability_; }
  int resolutionCount() const override { return model_.card.architecture.detectabilityChannels; }
  bool providesEmbeddings() const override { return true; }
  std::map<std::string, double> trackerDefaults() const override { return model_.card.trackerDefaults; }
  const JdeModelCard& card() const { return model_.card; }
  TurboController* enableTurbo(const std::string& spec) override;
  void disableTurbo() override;
  TurboController* turbo() override { return controller_.get(); }
  void warmUpTurbo(cv::Size inputSize) override;
  bool hasPlainDetections() const override { return plainKnown_; }
  const std::vector<Detection>& plainDetections() const override { return plain_; }
  cv::Mat enhancedImage(const cv::Mat& bgr) override;
  /// AMS (issue 22): a StreamedJdeModel over this detector's model file, created on the first call (loads the
  /// unfolded master, ~0.1–0.5 s). Its swapStaged() replaces the running network (this detector's thread, between
  /// frames). With Turbo enabled the enhancer keeps working: TurboInference reads the detector's network on every
  /// frame, so it encodes with the swapped backbone (an enhancer with its own encoder keeps that pretrained copy);
  /// its decoder, gain profile and latency profile were measured on the pretrained network and are kept as they are.
  StreamableModel* streamable() override;
  /// The loaded enhancer's card path (empty without one).
  const std::string& turboCardPath() const { return turboModel_.cardPath; }

  /// The frame size rounded to multiples of 32 (ResolutionLadder::alignSide per side).
  static cv::Size alignedSize(cv::Size frameSize);

 private:
  JdeModel model_;
  std::unique_ptr<JdeInference> inference_;
  std::string name_;
  cv::Size inputSize_;
  bool detectabilityRequested_ = false;
  std::vector<cv::Mat> detectability_;
  TurboModel turboModel_;
  std::unique_ptr<TurboInference> turboInference_;
  std::unique_ptr<TurboController> controller_;
  bool turboProfiled_ = false;  ///< the controller's latency profile was measured (or read) for this device
  std::vector<Detection> plain_;
  bool plainKnown_ = false;  ///< plain_ holds the last frame's exit 0 detections
  torch::Device device_{torch::kCPU};
  int threads_ = 0;
  std::unique_ptr<StreamedJdeModel> streamed_;  ///< last: destroyed first (its installer points into this detector)
};

}  // namespace edgescope
