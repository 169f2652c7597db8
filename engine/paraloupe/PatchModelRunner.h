#pragma once
/// @file PatchModelRunner.h
/// What serves ParaLoupe patches (issue 20): a batch runner of the patch model at its input sizes, with each size's
/// accuracy (the card's F1, the scheduler's α^j). The engine and the node protocol only know this interface; the
/// LibTorch implementation (PatchNetRunner, edgescope_patchnet) is installed once per process with setFactory() by
/// programs built with LibTorch (console, CLI, node). Without a factory, create() is an Error saying so.
///
/// Threads: setFactory() before the first create(); a runner is used by one thread at a time.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "paraloupe/PatchAggregator.h"

namespace edgescope {

class PatchModelRunner {
 public:
  using Factory = std::function<std::unique_ptr<PatchModelRunner>(const std::string& path, int threads)>;
  /// Installs the factory create() uses (an empty one removes it).
  static void setFactory(Factory factory);
  /// The patch model at @p path (card or weights) on the CPU with @p threads (0: as configured). Throws Error naming
  /// the file and field (missing, corrupt, sha mismatch, not kind "patch"), or when no factory is installed.
  static std::unique_ptr<PatchModelRunner> create(const std::string& path, int threads = 0);

  virtual ~PatchModelRunner() = default;
  /// The model's name (its card's).
  virtual std::string name() const = 0;
  /// Input sizes, smallest first.
  virtual std::vector<cv::Size> sizes() const = 0;
  /// α^j per size (F1 at IoU 0.5 on the card's validation crops).
  virtual std::vector<double> accuracy() const = 0;
  /// The objectness regression weights the model was trained with (edge, diff, hist, bias).
  virtual std::vector<double> objectnessWeights() const = 0;
  /// Peaks per crop (crop pixels); crops of one size, at most 64. Throws Error for invalid batches.
  virtual std::vector<std::vector<PatchPeak>> run(const std::vector<cv::Mat>& crops) = 0;
};

}  // namespace edgescope
