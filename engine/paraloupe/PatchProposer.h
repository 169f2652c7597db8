#pragma once
/// @file PatchProposer.h
/// The Patch Proposer of paper 002 (Section III-C4): HighConf patches from the tracker's Kalman prediction of this
/// frame (tracked and recently lost tracks), enlarged by paraloupe.highConfMargin and widened to the patch aspect;
/// LowConf patches from the connected components (8-connected, on the cell grid) of objectness p ≥
/// paraloupe.lowConfThreshold outside the HighConf patches, each enlarged by the same margin and at least half a
/// person tall; RoI patches from the operator's rectangles. The refiner (PatchRefiner) then drops, splits, orders
/// and caps them.
///
/// Pure function object; any thread.

#include <vector>

#include <opencv2/core.hpp>

#include "core/BoundingBox.h"
#include "paraloupe/Patch.h"

namespace edgescope {

/// A track's box predicted for the frame being proposed.
struct PredictedTrack {
  int trackId = 0;
  BoundingBox box;           ///< frame pixels
  float score = 1.0f;
  int framesSinceUpdate = 0; ///< 0: matched last frame; > 0: lost for that many frames
};

struct PatchProposerOptions {
  double highConfMargin = 0.25;
  int lostFrames = 5;
  double lowConfThreshold = 0.5;
  int cellPx = 8;
};

class PatchProposer {
 public:
  explicit PatchProposer(PatchProposerOptions options = {}) : options_(options) {}

  /// Candidates (unordered ids, weights 1) for a frame of @p frameSize: HighConf from @p tracks, RoI from @p rois,
  /// LowConf from @p objectness (CV_32F on the cell grid; empty: none). @p personHeightPx is the smallest LowConf
  /// patch height × 2 (typically the median track height).
  std::vector<Patch> propose(cv::Size frameSize, const std::vector<PredictedTrack>& tracks,
                             const std::vector<BoundingBox>& rois, const cv::Mat& objectness,
                             float personHeightPx) const;
  /// HighConf rectangle of one track box.
  BoundingBox highConfRect(const BoundingBox& box) const;

 private:
  PatchProposerOptions options_;
};

}  // namespace edgescope
