#pragma once
/// @file LocalPatchServer.h
/// The camera as ParaLoupe's device 0 (issue 20): the patch model run in the engine thread on the crops the
/// scheduler kept local, its per-size BatchCost profiled at load (5 runs at batch 1 and 8) and scaled by a speed
/// factor refined from every run (EWMA α = 0.3 of measured / predicted batch time, one sample moving it at most ×2), and an optional compute slowdown
/// to emulate a slower camera (DeviceProfile: each batch is held until slowdown × its isolated cost, as on a node).
///
/// Thread: the owning engine thread (the model keeps scratch buffers).

#include <memory>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "paraloupe/BatchCost.h"
#include "paraloupe/PatchAggregator.h"
#include "paraloupe/PatchModelRunner.h"

namespace edgescope {

class LocalPatchServer {
 public:
  static constexpr int kProfileRuns = 5;
  static constexpr double kAlpha = 0.3;
  static constexpr double kRecoveryS = 2.0;
  /// Loads the patch model at @p path (PatchModelRunner::create: Error naming the file and field) and profiles it
  /// with @p slowdown (≥ 1).
  LocalPatchServer(const std::string& path, int threads, double slowdown = 1.0);
  const std::string& path() const { return path_; }
  std::string name() const { return runner_->name(); }
  const std::vector<cv::Size>& sizes() const { return sizes_; }
  const std::vector<double>& accuracy() const { return accuracy_; }
  std::vector<double> objectnessWeights() const { return runner_->objectnessWeights(); }
  /// ms per patch at each size (slowdown and speed factor applied): the slope of costs().
  std::vector<double> computeMs() const;
  /// Fixed ms per batch of the middle size (slowdown and speed factor applied).
  double batchMs() const;
  /// Predicted ms of a batch of @p patches at size index @p j.
  double predictMs(int j, int patches) const;
  /// Index of @p size in sizes(), −1 when the model does not serve it.
  int sizeIndex(cv::Size size) const;
  /// Lets a speed factor above 1 fade back (τ = kRecoveryS) while the camera runs no patch: a slow spell it had
  /// does not keep it out of the schedule for good. @p nowS: any steady clock, seconds.
  void relax(double nowS);
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
  std::vector<BatchCost> costs_;  ///< per size, slowdown applied
  double speed_ = 1.0;            ///< measured / predicted batch time, EWMA
  double lastRelaxS_ = 0.0;
  double slowdown_ = 1.0;
};

}  // namespace edgescope
