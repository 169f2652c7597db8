#pragma once
/// @file Frame.h
/// A decoded video frame with its identity in the source.

#include <cstdint>
#include <string>

#include <opencv2/core/mat.hpp>

namespace edgescope {

/// Value type. `image` is a cv::Mat (reference counted): producers hand over a fresh Mat per frame and never write
/// into it again, so copies of a Frame may be read from any thread.
struct Frame {
  cv::Mat image;               ///< BGR, 8-bit, 3 channels
  std::int64_t number = 0;     ///< 1-based frame number within the source (MOTChallenge convention)
  double captureTimeMs = 0.0;  ///< capture timestamp: stream time for files/sequences, steady-clock time for live sources
  std::string sourceId;        ///< identifier of the source (its URI)

  bool empty() const { return image.empty(); }
};

}  // namespace edgescope
