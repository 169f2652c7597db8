#pragma once
/// @file ScalableDetector.h
/// A detector whose network input size can change per frame and that can predict DeepScale detectability maps
/// (paper 000): the JDE network. Boxes come with ReID embeddings, so no separate embedder is needed.

#include <map>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "detect/Detector.h"

namespace edgescope {

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
};

}  // namespace edgescope
