#pragma once
/// @file LocalPatchServer.h
/// The camera as ParaLoupe's device 0 (issue 20): the patch model run in the engine thread on the crops the
/// scheduler kept local, its per-size ms per patch profiled at load (a warm-up, then 5 batches of 8, median) and
/// refined from every run (EWMA α = 0.3), and an optional compute slowdown to emulate a slower camera (DeviceProfile:
/// the thread sleeps (slowdown − 1) × the measured time, as a profiled node does).
///
/// Thread: the owning engine thread (the model keeps scratch buffers).

#include <memory>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "paraloupe/PatchAggregator.h"
#include "paraloupe/PatchModelRunner.h"

namespace edgescope {

class LocalPatchServer {
 public:
  static constexpr int kProfileRuns = 5;
  static constexpr double kAlpha = 0.3;
  /// Loads the patch model at @p path (PatchModelRunner::create: Error naming the file and field) and profiles it
  /// with @p slowdown (≥ 1).
  LocalPatchServer(const std::string& path, int threads, double slowdown = 1.0);
  const std::string& path() const { return path_; }
  std::string name() const { return runner_->name(); }
  const std::vector<cv::Size>& sizes() const { return sizes_; }
  const std::vector<double>& accuracy() const { return accuracy_; }
  std::vector<double> objectnessWeights() const { return runner_->objectnessWeights(); }
  /// ms per patch at each size (slowdown applied).
  const std::vector<double>& computeMs() const { return computeMs_; }
  /// Index of @p size in sizes(), −1 when the model does not serve it.
  int sizeIndex(cv::Size size) const;
  /// Changes the emulated slowdown (re-scales the estimates).
  void setSlowdown(double slowdown);
  double slowdown() const { return slowdown_; }
  /// Peaks of every crop (each one of sizes(); batched per size, ≤ 64 a batch); @p msPerCrop receives each crop's
  /// share of its batch (slowdown applied, the extra slept). Throws Error for a crop of another size.
  std::vector<std::vector<PatchPeak>> run(const std::vector<cv::Mat>& crops, std::vector<double>* msPerCrop = nullptr);

 private:
  std::string path_;
  std::unique_ptr<PatchModelRunner> runner_;
  std::vector<cv::Size> sizes_;
  std::vector<double> accuracy_;
  std::vector<double> computeMs_;
  double slowdown_ = 1.0;
};

}  // namespace edgescope
