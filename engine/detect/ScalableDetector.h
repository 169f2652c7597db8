#pragma once
/// @file ScalableDetector.h
/// A detector whose network input size can change per frame and that can predict DeepScale detectability maps
/// (paper 000): the JDE network. Boxes come with ReID embeddings, so no separate embedder is needed.

#include <map>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "detect/Detector.h"
#include "util/Error.h"

namespace edgescope {

class StreamableModel;
class TurboController;

/// Thread: one caller at a time (as Detector).
class ScalableDetector : public Detector {
 public:
  /// Input size of the following detect() calls (sides multiples of 32; the frame is resized to it). An empty size
  /// means "the frame's own size rounded to multiples of 32". Throws Error for other sizes.
  virtual void setInputSize(cv::Size size) = 0;
  /// Whether the following detect() calls also predict the detectability maps.
  virtual void setDetectabilityRequested(bool requested) = 0;
  /// R CV_32F maps in [0, 1] of the last detect() that requested them (highest resolution first); empty otherwise.
  virtual const std::vector<cv::Mat>& detectability() const = 0;
  /// R, the number of candidate resolutions the network was trained for.
  virtual int resolutionCount() const = 0;
  /// Whether detect() fills Detection::embedding.
  virtual bool providesEmbeddings() const = 0;
  /// Tracker knobs ("track.*" id → value) the model's scores are calibrated for; empty when none.
  virtual std::map<std::string, double> trackerDefaults() const { return {}; }

  /// Turbo (paper 004): loads the enhancer @p spec for this detector ("auto": turbo_<model>.json beside the model
  /// card; else a card or weights path) and returns its controller, owned by the detector, off until
  /// TurboConfig::enabled. Throws Error naming the files (missing, corrupt, built for another detector).
  virtual TurboController* enableTurbo(const std::string& spec) {
    throw Error(name() + " has no Turbo enhancer (only jde: networks have one)");
  }
  /// Drops the enhancer (tracking goes on without it).
  virtual void disableTurbo() {}
  /// The controller while an enhancer is loaded, else null.
  virtual TurboController* turbo() { return nullptr; }
  /// Measures the enhancer's latency profile at @p inputSize when no profile for this device is known (≤ 3 s;
  /// cached). No-op without an enhancer.
  virtual void warmUpTurbo(cv::Size inputSize) {}
  /// The plain (exit 0) detections of the last detect() when they were computed beside an enhanced exit (compare);
  /// valid (possibly empty) while hasPlainDetections().
  virtual bool hasPlainDetections() const { return false; }
  virtual const std::vector<Detection>& plainDetections() const {
    static const std::vector<Detection> kNone;
    return kNone;
  }
  /// The deepest exit's enhanced image of @p bgr (8-bit BGR, the network's input size), or empty without enhancer.
  virtual cv::Mat enhancedImage(const cv::Mat& bgr) { return {}; }
  /// AMS model streaming (issue 22): the detector's streamable model, created on the first call (which loads a
  /// master copy of the weights: call it from the thread that owns the detector), owned by the detector; null when
  /// the network cannot take AMS updates.
  virtual StreamableModel* streamable() { return nullptr; }
};

}  // namespace edgescope
