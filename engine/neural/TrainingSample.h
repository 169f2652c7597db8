#pragma once
/// @file TrainingSample.h
/// One labelled training frame for the JDE network, and the per-crop targets built from it. Torch-free values.

#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "core/BoundingBox.h"

namespace edgescope {

/// A person box with its identity class (global over the training set), or −1 when the identity is unknown
/// (teacher pseudo-labels): such boxes train detection but not ReID.
struct LabeledBox {
  BoundingBox box;  ///< pixels of the sample's image
  int identity = -1;
  int teacher = -1;  ///< row of the ReID teacher's embedding table (ReidTeacherTable), or −1 when it has none
};

/// Value type; `image` shares pixels (cv::Mat).
struct TrainingSample {
  cv::Mat image;                   ///< 8-bit BGR, full resolution
  std::vector<LabeledBox> boxes;
  std::string origin;              ///< e.g. "vtest.avi#12", for messages
  /// DeepScale detectability targets: one CV_32F map per candidate resolution on the full-resolution stride-4 grid
  /// (rows = ceil(H/4), cols = ceil(W/4)); empty until the trainer generates them.
  std::vector<cv::Mat> detectability;
};

}  // namespace edgescope
