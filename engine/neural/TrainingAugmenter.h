#pragma once
/// @file TrainingAugmenter.h
/// Random training views of a TrainingSample (DeepScale++ multi-resolution training, paper 000 Section III-D): the
/// frame is resized to one of the candidate resolutions, a random crop (sides multiples of 32) is taken, optionally
/// mirrored and colour-jittered. Detectability targets are only defined on the full-resolution grid, so they travel
/// with full-resolution views only. Torch-free.

#include <vector>

#include <opencv2/core/mat.hpp>

#include "neural/TrainingSample.h"
#include "util/Rng.h"

namespace edgescope {

/// One augmented view. Value type.
struct AugmentedView {
  cv::Mat image;                      ///< 8-bit BGR crop, sides multiples of 32
  std::vector<LabeledBox> boxes;      ///< in crop pixels (may extend past the crop; CenterTargets clips)
  std::vector<cv::Mat> detectability; ///< R maps on the crop's output grid; empty unless a full-resolution view
  double scale = 1.0;                 ///< resize factor applied to the frame
};

/// Not thread-safe (one trainer thread).
class TrainingAugmenter {
 public:
  struct Options {
    cv::Size cropSize{384, 288};         ///< upper bound; smaller frames give smaller crops (multiples of 32)
    std::vector<double> scales{1.0};     ///< candidate resolutions, highest first (1.0 = full)
    bool multiResolution = true;         ///< false: always full resolution (plain DeepScale)
    double fullResolutionShare = 0.4;    ///< probability of scale 1.0 when multiResolution
    bool flip = true;
    double colorJitter = 0.2;            ///< max relative brightness/contrast change
    int gridStride = 4;                  ///< the network's output stride (crop origins stay on its grid)
  };

  explicit TrainingAugmenter(Options options) : options_(std::move(options)) {}
  AugmentedView augment(const TrainingSample& sample, Rng& rng) const;
  const Options& options() const { return options_; }

 private:
  double pickScale(Rng& rng) const;
  Options options_;
};

}  // namespace edgescope
