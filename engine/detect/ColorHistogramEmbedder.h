#pragma once
/// @file ColorHistogramEmbedder.h
/// A cheap appearance embedding without a network: HSV colour histograms of the upper and lower half of the box
/// (torso / legs), concatenated and L2-normalised. The fallback when no ReID model is available.

#include <string>
#include <vector>

#include "detect/Embedder.h"

namespace edgescope {

/// Each half of the box (only its central kWidthKept of the width, to leave out background at the sides) gives a
/// histogram of kHueBins hue bins for coloured pixels plus kValueBins brightness bins for grey/black/white pixels. A
/// pixel's "chroma" weight ramps from 0 to 1 as saturation and brightness rise through [kChromaLow, kChromaHigh]; it
/// adds chroma to the hue bins and (1 − chroma) to the brightness bins. Votes are split linearly between the two
/// nearest bin centres (hue circularly), so a small colour or lighting change moves the vector smoothly instead of
/// jumping across a bin edge; ignoring the brightness of coloured pixels makes it tolerant to shading. Each half is
/// normalised to sum 1 (both halves weigh the same), the two are concatenated (dimension 2 × (16 + 8) = 48) and the
/// result is L2-normalised. Thread: one caller at a time (no state between calls).
class ColorHistogramEmbedder : public Embedder {
 public:
  static constexpr int kHueBins = 16, kValueBins = 8;
  static constexpr float kWidthKept = 0.7f;
  static constexpr float kChromaLow = 30.0f, kChromaHigh = 80.0f;  ///< saturation / value ramp, 0–255 scale

  void embed(const cv::Mat& bgr, std::vector<Detection>& detections) override;
  std::string name() const override { return "color-hist"; }
  int dimension() const override { return 2 * (kHueBins + kValueBins); }

  /// The embedding of @p rect in an 8-bit HSV image (OpenCV hue 0–179); empty when @p rect has no pixel inside.
  std::vector<float> embedRect(const cv::Mat& hsv, const cv::Rect& rect) const;
};

}  // namespace edgescope
