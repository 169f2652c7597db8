#pragma once
/// @file PatchRefiner.h
/// The Patch Refiner of paper 002 (Section III-C4) and the patch cap (Fig. 19): a LowConf patch larger than λ1 of the
/// frame is dropped (paper) or, with splitLarge, tiled into person-sized patches (25 % overlap; a tile is kept when
/// one of its cells passes the LowConf threshold); a LowConf patch whose IoU with an accepted patch exceeds λ2 is
/// dropped (HighConf and RoI never are); the survivors are ordered HighConf (by track score), RoI, LowConf (by mean
/// objectness) and capped at maxPatches. Ids are then 0…n−1 in that order and weights are y_k (1, 1, lowConfWeight).
///
/// Pure function object; any thread.

#include <vector>

#include <opencv2/core.hpp>

#include "paraloupe/Patch.h"

namespace edgescope {

struct PatchRefinerOptions {
  double lambda1 = 0.5;
  double lambda2 = 0.3;
  bool splitLarge = true;
  int maxPatches = 12;
  double lowConfWeight = 0.5;
  double lowConfThreshold = 0.5;
  int cellPx = 8;
};

/// What the refiner kept and why it dropped the rest.
struct RefinedPatches {
  std::vector<Patch> patches;
  int droppedLarge = 0;    ///< LowConf above λ1 dropped (splitLarge off) or tiled into nothing
  int splitLarge = 0;      ///< LowConf above λ1 tiled
  int tiles = 0;           ///< tiles those made (before λ2 and the cap)
  int droppedOverlap = 0;  ///< LowConf above λ2
  int droppedCap = 0;      ///< beyond maxPatches
};

class PatchRefiner {
 public:
  explicit PatchRefiner(PatchRefinerOptions options = {}) : options_(options) {}

  /// Refines @p candidates of a frame of @p frameSize. @p objectness (CV_32F cell grid, may be empty) scores tiles;
  /// @p personHeightPx is the tile height.
  RefinedPatches refine(std::vector<Patch> candidates, cv::Size frameSize, const cv::Mat& objectness,
                        float personHeightPx) const;

 private:
  /// Person-sized tiles over @p patch with their mean objectness; only tiles with a cell ≥ the LowConf threshold.
  std::vector<Patch> tile(const Patch& patch, cv::Size frameSize, const cv::Mat& objectness,
                          float personHeightPx) const;

  PatchRefinerOptions options_;
};

}  // namespace edgescope
