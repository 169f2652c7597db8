#pragma once
/// @file ClearMotAccumulator.h
/// CLEAR MOT counts accumulated one frame at a time, with py-motmetrics' MOTAccumulator rules (which reproduce the
/// MOTChallenge devkit): a GT/hypothesis pair may match when IoU >= 0.5; a GT object matched in the previous update
/// keeps its hypothesis when they still overlap enough; the rest is assigned by a maximum-cardinality,
/// minimum-distance (1 − IoU) Hungarian matching; a match to a different hypothesis than the object's last one is an
/// identity switch. Exact after every frame.

#include <cstdint>
#include <vector>

#include "eval/EvalFrame.h"

namespace edgescope {

/// CLEAR MOT totals. Rates are derived from these by MetricsAccumulator.
struct ClearMotCounts {
  std::int64_t gtDetections = 0;   ///< scored GT boxes
  std::int64_t hypDetections = 0;  ///< scored hypothesis boxes
  std::int64_t tp = 0;             ///< matches, switches included
  std::int64_t fn = 0;
  std::int64_t fp = 0;
  std::int64_t idsw = 0;
  std::int64_t frag = 0;   ///< tracked → missed transitions inside each object's tracked span (py-motmetrics)
  std::int64_t mt = 0;     ///< objects tracked in >= 80 % of their frames
  std::int64_t pt = 0;     ///< objects tracked in >= 20 % and < 80 %
  std::int64_t ml = 0;     ///< objects tracked in < 20 %
  std::int64_t gtIds = 0;  ///< GT identities seen in at least one frame
  double iouSum = 0.0;     ///< sum of the IoU of all matches
};

/// Not thread-safe: one thread feeds and queries it.
class ClearMotAccumulator {
 public:
  /// Adds one frame. Frames must arrive in playback order.
  void addFrame(const EvalFrame& frame);
  /// Totals so far; O(number of GT identities).
  ClearMotCounts counts() const;
  void reset() { *this = ClearMotAccumulator(); }

 private:
  struct ObjectState {
    int lastHyp = -1;                   ///< hypothesis of the last match, -1 before the first
    std::int64_t lastMatchUpdate = -1;  ///< update number of the last match
    std::int64_t frames = 0;
    std::int64_t tracked = 0;
    bool missedSinceTracked = false;
  };
  ObjectState& object(int id);
  void recordMatch(int gtId, int hypId, double iou);

  std::vector<ObjectState> objects_;
  ClearMotCounts totals_;
  std::int64_t updates_ = 0;
};

}  // namespace edgescope
