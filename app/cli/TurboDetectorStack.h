#pragma once
/// @file TurboDetectorStack.h
/// What `turbo-profile` and `turbo-bench` run on (issue 21): a jde: detector (its card resolved as --detector names
/// it, BatchNorm folded, on its device and thread count) and its Turbo enhancer (--turbo MODEL.json, or auto:
/// turbo_<detector>.json beside the detector's card), loaded and checked as JdeDetector::enableTurbo loads them,
/// plus the window path over them (TurboBatch). Built only with LibTorch; the command's thread.

#include <memory>
#include <string>

#include "neural/JdeInference.h"
#include "neural/JdeModelFile.h"
#include "neural/TurboBatch.h"
#include "neural/TurboInference.h"
#include "neural/TurboModelFile.h"

namespace edgescope {

class TurboDetectorStack {
 public:
  /// @p detectorSpec: "jde:CARD.json[?conf=…&device=…&threads=…]" (empty: the default network). @p turboSpec: a
  /// Turbo card or "auto". @p device (auto|cpu|cuda; empty: the spec's, else auto) and @p threads (> 0; 0: the
  /// spec's, else LibTorch's) override the spec's. Throws Error naming the option (--detector, --turbo, --device)
  /// or the file for anything that cannot be loaded or does not belong together.
  TurboDetectorStack(const std::string& detectorSpec, const std::string& turboSpec, const std::string& device,
                     int threads);

  JdeModel& detector() { return detector_; }
  const TurboModel& turbo() const { return turbo_; }
  JdeInference& inference() { return *inference_; }
  TurboInference& turboInference() { return *turboInference_; }
  TurboBatch& batch() { return *batch_; }
  /// The torch device ("cpu", "cuda", …) and intra-op thread count: LatencyProfile's key parts.
  const std::string& device() const { return device_; }
  int threads() const { return threads_; }
  /// LatencyProfile::makeKey(device, threads, the enhancer's weights sha256), as JdeDetector looks profiles up.
  std::string profileKey() const;
  /// The detector's peak threshold (the spec's conf, 0.1).
  float scoreThreshold() const { return scoreThreshold_; }

 private:
  JdeModel detector_;
  TurboModel turbo_;
  std::unique_ptr<JdeInference> inference_;
  std::unique_ptr<TurboInference> turboInference_;
  std::unique_ptr<TurboBatch> batch_;
  std::string device_;
  int threads_ = 1;
  float scoreThreshold_ = 0.1f;
};

}  // namespace edgescope
