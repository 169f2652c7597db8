#pragma once
/// @file TurboInference.h
/// One frame through a JDE detector with Turbo (paper 004 §4–5): the encoder pass is made once; D_f scores it from
/// the stride-32 features (estimated difficulty, before any detection); a caller-supplied chooser picks the exit from
/// that (and, in "confidence" mode, from the plain detections); exit κ > 0 runs κ decoder blocks and re-enters the
/// backbone after level β − κ, reusing the first pass's finer levels. A non-finite enhancer output falls back to the
/// plain detections. Only edgescope_torch includes this header.

#include <functional>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "core/Detection.h"
#include "neural/JdeInference.h"
#include "neural/TurboNet.h"
#include "turbo/TurboExitPolicy.h"

namespace edgescope {

/// What one frame produced. Value type.
struct TurboFrameResult {
  std::vector<Detection> detections;       ///< the chosen exit's (frame pixels)
  std::vector<Detection> plainDetections;  ///< exit 0's, when they were computed (compare, confidence, fallback)
  double discriminatorDifficulty = -1.0;   ///< 1 − calibrated D_f, in [0, 1]; −1 when D_f did not run
  int exit = 0;                            ///< the exit that produced `detections`
  int plannedExit = 0;                     ///< the chooser's exit (more than `exit` when a yield point stopped it)
  bool yielded = false;                    ///< Options::yield stopped the enhancer before the planned exit
  bool fellBack = false;                   ///< the enhancer's output was not finite: plain detections kept
  double encodeMs = 0.0, discriminateMs = 0.0, enhanceMs = 0.0, headsMs = 0.0;
};

/// Thread: one caller at a time (the engine thread). Shares the detector's network with @p base.
class TurboInference {
 public:
  /// Chooses the exit (0 … β) for a frame; @p plain: exit 0's detections when computed first (null otherwise).
  using ExitChooser = std::function<int(double discriminatorDifficulty, const std::vector<Detection>* plain)>;
  /// At a yield point between decoder blocks (blocks done, planned exit, ms since the enhancement started).
  using YieldCheck = std::function<TurboYield(int blocksDone, int plannedExit, double enhanceMs)>;
  struct Options {
    bool discriminator = true;  ///< run D_f (its difficulty goes to the chooser)
    bool plainFirst = false;    ///< decode exit 0 before choosing (confidence difficulty, compare)
    /// Asked between decoder blocks when set (null: the planned exit runs through). KeepCompleted re-enters the
    /// backbone after the blocks run so far (their exit); Plain uses the first pass's plain heads (exit 0).
    YieldCheck yield;
  };

  /// @p calibrationA/B: D_f's Platt scaling (TurboCard::Calibration). The enhancer is put in eval mode.
  TurboInference(JdeInference& base, TurboNet turbo, double calibrationA, double calibrationB);
  TurboFrameResult run(const cv::Mat& bgr, cv::Size inputSize, const Options& options, const ExitChooser& choose);
  /// The full exit's enhanced image of @p bgr at @p inputSize, as 8-bit BGR of that size ("Enhance this frame").
  cv::Mat enhancedImage(const cv::Mat& bgr, cv::Size inputSize);
  TurboNet& turbo() { return turbo_; }
  int exits() const { return turbo_->exits(); }
  /// The detector's inference the enhancer runs with (TurboBatch shares it).
  JdeInference& base() { return base_; }
  /// d = 1 − calibrated D_f for a D_f @p logit, in [0, 1].
  double difficultyOf(double logit) const;

 private:
  JdeInference& base_;
  TurboNet turbo_;
  double calibrationA_, calibrationB_;
};

}  // namespace edgescope
