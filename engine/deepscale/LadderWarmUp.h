#pragma once
/// @file LadderWarmUp.h
/// Runs a DeepScale detector once at every rung of a source's resolution ladder on a blank frame, so that neither the
/// first frame nor the first switch to a size pays for first-use set-up on a live feed (oneDNN primitives and
/// activation buffers: 20–200 ms each on CPU). Used by TrackingPipeline (console, CLI, node trackers) and by the
/// node's selection requests (NodeCompute).

#include <opencv2/core/types.hpp>

namespace edgescope {

class ScalableDetector;

/// Remembers the source size it last warmed a detector for, so repeated calls for the same size cost nothing.
/// Not thread-safe: owned by the detector's user and called from the thread that runs the detector.
class LadderWarmUp {
 public:
  /// Runs @p detector at each rung of the ladder of @p sourceSize (rung 0 with the detectability head) unless the
  /// last call already warmed it for this size. Leaves the detectability request off; the caller sets the input
  /// size again before its next detect(). Returns the number of sizes run: 0 when already warm for @p sourceSize
  /// or when the size is too small for a ladder. Exceptions of the detector propagate (and nothing is remembered).
  int run(ScalableDetector& detector, cv::Size sourceSize);
  /// Source size of the last successful warm-up (empty before).
  cv::Size warmedFor() const { return warmedFor_; }

 private:
  cv::Size warmedFor_;
};

}  // namespace edgescope
