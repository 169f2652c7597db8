#pragma once
/// @file TurboBatch.h
/// Turbo over a window of frames (paper 004 §5, issue 21): each frame's encoder pass and D_f run first (encode());
/// once the planner has chosen the exits, the frames that share an exit run the rest of the detector as one batch
/// (finish(): κ decoder blocks, re-entry into the backbone after level β − κ, heads, decoding), which is what the
/// latency profile's batch sizes n describe. timeExit() times exactly that path on copies of one frame, so the
/// profile (TurboLatencyProbe) and the runs it predicts measure the same work. The per-frame path of the engine stays
/// TurboInference::run. Only edgescope_torch includes this header.

#include <vector>

#include <opencv2/core/mat.hpp>

#include "core/Detection.h"
#include "neural/JdeNet.h"

namespace edgescope {

class TurboInference;

/// One frame after its encoder pass. Value type (tensors are reference counted); its input is its own copy, so any
/// number of frames may wait for the window's plan.
struct TurboEncodedFrame {
  JdeEncoding encoding;                   ///< batch of one
  cv::Size frameSize, inputSize;          ///< the frame's pixels; the network input
  double discriminatorDifficulty = -1.0;  ///< 1 − calibrated D_f in [0, 1]; −1 when D_f did not run
  double encodeMs = 0.0, discriminateMs = 0.0;
};

/// What finish() produced for its batch, per frame in the order given.
struct TurboBatchResult {
  std::vector<std::vector<Detection>> detections;  ///< frame pixels
  std::vector<bool> fellBack;  ///< the enhancer's output was not finite: that frame's plain detections instead
  double ms = 0.0;             ///< the batch's time (fallbacks included), ms
};

/// Borrows @p inference (and its detector's network), which must outlive it. Thread: one caller at a time.
class TurboBatch {
 public:
  explicit TurboBatch(TurboInference& inference);

  /// Preprocesses @p bgr at @p inputSize (sides multiples of 32, else Error) and runs the encoder; D_f when
  /// @p discriminator. An empty image gives an empty encoding (finish() returns no detections for it).
  TurboEncodedFrame encode(const cv::Mat& bgr, cv::Size inputSize, bool discriminator);
  /// Runs @p frames (one input size, else Error) to exit @p exit (0 … β; 0: the heads alone) as one batch and
  /// decodes each frame's detections. A frame whose enhanced outputs are not finite falls back to its plain
  /// detections (heads on its first pass).
  TurboBatchResult finish(const std::vector<const TurboEncodedFrame*>& frames, int exit);
  /// The time of finish(@p exit) for a batch of @p batch copies of a random frame at @p inputSize, ms (one run; the
  /// caller repeats and warms up). The encoder pass of the probe frame is made once per size and not timed.
  double timeExit(cv::Size inputSize, int exit, int batch);
  /// D_f's time on the probe frame at @p inputSize, ms (one run).
  double timeDiscriminator(cv::Size inputSize);
  /// The probe frame's picture (8-bit BGR, resized to each input size; shared pixels): a real frame decodes as many
  /// people as the frames the profile predicts. Empty (the default): uniform noise.
  void setProbeImage(const cv::Mat& bgr);
  int exits() const;

 private:
  const TurboEncodedFrame& probe(cv::Size inputSize);

  TurboInference& inference_;
  cv::Mat probeImage_;
  TurboEncodedFrame probe_;
};

}  // namespace edgescope
