#pragma once
/// @file PatchNetRunner.h
/// The LibTorch PatchModelRunner: a PatchNet loaded from a patch model card. install() makes it the factory of
/// PatchModelRunner::create (call once at program start). Thread: one caller at a time.

#include "paraloupe/PatchModelRunner.h"
#include "patchnet/PatchNet.h"

namespace edgescope {

class PatchNetRunner : public PatchModelRunner {
 public:
  /// Loads @p path on the CPU (PatchNet::load errors propagate).
  PatchNetRunner(const std::string& path, int threads);
  static void install();

  std::string name() const override;
  std::vector<cv::Size> sizes() const override { return net_.sizes(); }
  std::vector<double> accuracy() const override;
  std::vector<double> objectnessWeights() const override;
  std::vector<std::vector<PatchPeak>> run(const std::vector<cv::Mat>& crops) override { return net_.run(crops); }

 private:
  PatchNet net_;
};

}  // namespace edgescope
