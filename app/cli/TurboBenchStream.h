#pragma once
/// @file TurboBenchStream.h
/// One stream of `edgescope-cli turbo-bench` (issue 21): its source over frames A..B (behind DegradedSource when
/// --degrade asks), its own tracker (JDE mode with the detector card's settings), and what Turbo did to each of its
/// frames: end-to-end latency against the period, late frames and overruns, difficulty, exit, fallbacks, predicted
/// gain and, with GT, person AP50 (all, degraded, clean frames). The shared detector runs elsewhere
/// (TurboBenchRunner); this class never touches LibTorch.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/Detection.h"
#include "eval/DetectionAccumulator.h"
#include "eval/FrameRange.h"
#include "source/VideoSource.h"
#include "track/MultiObjectTracker.h"
#include "util/JsonDocument.h"

namespace edgescope {

/// What the window did to one frame of the stream.
struct TurboBenchOutcome {
  int exit = 0;
  double difficulty = -1.0;    ///< the d the planner saw (−1: unknown)
  bool hard = false;           ///< d ≥ the hard threshold
  bool fellBack = false;       ///< non-finite enhancer output: plain detections
  bool demoted = false;        ///< planned above exit 0 but run at 0: the period's time no longer sufficed
  double predictedGain = 0.0;  ///< P[d][exit], points
  double spentMs = 0.0;        ///< its share of its enhanced batch's time
};

/// Owned by the command's thread.
class TurboBenchStream {
 public:
  /// Opens @p uri (with @p gt when not empty) and positions it at @p range.first. @p degrade: a DegradationSpec text
  /// or empty. @p tracker: the tracker's settings. @p inputSize: the network input (sides multiples of 32; empty:
  /// the frame size rounded to multiples of 32). Throws Error naming the source, a live source (turbo-bench paces
  /// files) or an empty range.
  TurboBenchStream(int index, const std::string& uri, const std::string& gt, const std::string& degrade,
                   const FrameRange& range, const TrackerConfig& tracker, cv::Size inputSize = {});

  /// Reads the next frame of the range (decoding is not part of a frame's latency: it happens before the frame is
  /// due); false once the stream has ended.
  bool read();
  const SourceFrame& frame() const { return frame_; }
  /// The network input of this stream: --resolution, else the frame size rounded to multiples of 32.
  cv::Size inputSize() const { return inputSize_; }
  /// Whether the tracker expects people in the current frame (Eq. 1's empty-frame rule).
  bool tracksPredictPeople() const;
  /// Tracks the current frame's @p detections and accounts it: its result is ready now, @p dueMs + e2e (steady ms).
  /// Returns the tracking time, ms.
  double complete(const std::vector<Detection>& detections, const TurboBenchOutcome& outcome, double dueMs,
                  double intervalMs);

  int index() const { return index_; }
  bool hasGroundTruth() const { return hasGroundTruth_; }
  const DetectionAccumulator& detection() const { return detection_; }
  const std::vector<double>& e2eMs() const { return e2eMs_; }
  std::int64_t frames() const { return frames_; }
  std::int64_t lateFrames() const { return late_; }
  std::int64_t overruns() const { return overruns_; }
  std::int64_t hardFrames() const { return hard_; }
  std::int64_t enhancedFrames() const { return enhanced_; }
  std::int64_t degradedFrames() const { return degraded_; }
  std::int64_t fallbacks() const { return fallbacks_; }
  std::int64_t demoted() const { return demoted_; }
  const std::vector<std::int64_t>& exitHistogram() const { return exitHistogram_; }
  double predictedGain() const { return predictedGain_; }
  double spentMs() const { return spentMs_; }
  /// {"source", "degrade", "frames", "latency_ms": {"e2e": {p50, p99, max}}, "late_frames", "overruns", …,
  /// "detection": {AP50, AP50_hard, AP50_clean, hard_frames} with GT}.
  Json toJson() const;

 private:
  int index_;
  std::string uri_, degrade_;
  FrameRange range_;
  std::unique_ptr<VideoSource> source_;
  MultiObjectTracker tracker_;
  SourceFrame frame_;
  cv::Size inputSize_;
  cv::Size fixedInput_;  ///< --resolution (empty: the frame's own size)
  bool hasGroundTruth_ = false;
  bool ended_ = false;
  DetectionAccumulator detection_;
  std::vector<double> e2eMs_;
  std::int64_t frames_ = 0, late_ = 0, overruns_ = 0, hard_ = 0, enhanced_ = 0, degraded_ = 0, fallbacks_ = 0,
               demoted_ = 0;
  std::vector<std::int64_t> exitHistogram_;
  double predictedGain_ = 0.0, spentMs_ = 0.0;
};

}  // namespace edgescope
