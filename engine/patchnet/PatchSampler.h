#pragma once
/// @file PatchSampler.h
/// Training and validation crops for the patch model (issue 20, paper 002 Section III-B "TSI"): a person's box
/// widened to the patch aspect covers a share r ∈ [0.5, 1] of the crop (the paper's single-object images), the crop
/// centre jittered by up to ±15 % of its size (a Kalman prediction's error), some crops centred between two people
/// close together (crossings); a quarter are negatives: background at person scale, half of them centred on strong
/// edges away from people (what the objectness map proposes on a static scene; the training frames are not
/// consecutive, so edges stand in for frame-difference blobs). Every labelled box inside the crop is a target, in
/// crop pixels. Crops are cut by PatchCropper (padded past the frame, never shifted), mirrored at random and
/// colour-jittered. Torch-free; draw() is const (the caller's Rng), so one sampler serves any thread.

#include <vector>

#include <opencv2/core.hpp>

#include "neural/TrainingAugmenter.h"
#include "neural/TrainingSample.h"
#include "util/Rng.h"

namespace edgescope {

struct PatchSamplerOptions {
  double minCover = 0.5;         ///< r: widened box area / crop area
  double maxCover = 1.0;
  double jitter = 0.15;          ///< centre shift, share of the crop's width/height
  double negativeShare = 0.25;
  double crossingShare = 0.15;   ///< of the positives
  float minPersonHeightPx = 24;  ///< smaller boxes are never a crop's centre person
  bool flip = true;
  double colorJitter = 0.2;
  bool augment = true;           ///< false: no flip or colour jitter (validation)
};

/// One drawn crop and how it was made.
struct PatchDraw {
  AugmentedView view;       ///< image at the input size, boxes in crop pixels
  bool negative = false;
  bool crossing = false;
  double cover = 0.0;       ///< r of the centre person (0 for negatives)
  int centreBox = -1;       ///< index into view.boxes of the centre person (−1 for negatives)
};

class PatchSampler {
 public:
  /// @p samples must outlive the sampler. Throws Error when no sample has a person of minPersonHeightPx.
  PatchSampler(const std::vector<TrainingSample>& samples, PatchSamplerOptions options = {});
  PatchDraw draw(Rng& rng, cv::Size inputSize) const;
  std::size_t people() const { return people_.size(); }

 private:
  struct PersonRef {
    int sample;
    int box;
  };
  PatchDraw positive(Rng& rng, cv::Size inputSize) const;
  PatchDraw negative(Rng& rng, cv::Size inputSize) const;
  /// Cuts @p rect of sample @p index at @p inputSize with its boxes mapped into the crop.
  PatchDraw cut(int index, const BoundingBox& rect, cv::Size inputSize, Rng& rng) const;

  const std::vector<TrainingSample>& samples_;
  PatchSamplerOptions options_;
  std::vector<PersonRef> people_;
  std::vector<std::vector<cv::Point>> edgePoints_;  ///< per sample: strong-edge points away from people
  std::vector<float> personHeight_;                 ///< per sample: median person height (px), or 0
};

}  // namespace edgescope
