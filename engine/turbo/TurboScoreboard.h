#pragma once
/// @file TurboScoreboard.h
/// Turbo against the plain detector on frames with ground truth (issue 21): person AP50 of the plain detections and
/// of the detections Turbo delivered, pooled over the same frames, and the GT people found only after enhancement
/// (recovered) or only before it (lost). A frame counts only when its plain detections are known: exit 0 frames (the
/// plain detections are Turbo's) and enhanced frames run with turbo.compare (exit 0 decoded as well), so both APs
/// cover the same frames. Used by the console's Turbo status (TurboModule) and `track --turbo` (TrackTurbo).
///
/// Value type; one thread at a time (the engine thread, or the CLI's).

#include <cstdint>
#include <vector>

#include "core/Detection.h"
#include "eval/DetectionAccumulator.h"
#include "mot/MotRow.h"

namespace edgescope {

class TurboScoreboard {
 public:
  /// Accounts one frame. @p gt: the frame's GT rows (ignore rows included; a frame without any is skipped);
  /// @p delivered: the detections tracking used; @p plain: exit 0's detections, or null when they are unknown
  /// (an enhanced frame without turbo.compare: skipped); @p hard: the frame counts in the hard pools.
  /// Recovered/lost compare the boxes with score ≥ @p floorScore, matched at IoU ≥ 0.5.
  void addFrame(std::int64_t frame, const std::vector<MotRow>& gt, const std::vector<Detection>& delivered,
                const std::vector<Detection>* plain, bool hard, double floorScore);
  void reset() { *this = TurboScoreboard(); }

  std::int64_t frames() const { return frames_; }     ///< frames counted
  double ap50Plain() const { return plain_.ap50(); }  ///< fraction in [0, 1]
  double ap50Turbo() const { return turbo_.ap50(); }
  double ap50PlainHard() const { return plain_.ap50Hard(); }
  double ap50TurboHard() const { return turbo_.ap50Hard(); }
  std::int64_t recovered() const { return recovered_; }  ///< GT people matched after enhancement only
  std::int64_t lost() const { return lost_; }            ///< GT people matched before enhancement only

  /// Which scored GT rows of @p gt the @p detections with score ≥ @p floorScore match (IoU ≥ 0.5, greedy in
  /// descending score order; ignore rows never match).
  static std::vector<bool> matchedGt(const std::vector<MotRow>& gt, std::vector<Detection> detections,
                                     double floorScore);

 private:
  DetectionAccumulator plain_, turbo_;
  std::int64_t frames_ = 0;
  std::int64_t recovered_ = 0, lost_ = 0;
};

}  // namespace edgescope
