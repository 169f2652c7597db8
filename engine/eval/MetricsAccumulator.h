#pragma once
/// @file MetricsAccumulator.h
/// The metrics front end: takes one frame at a time (its GT rows and hypothesis rows), preprocesses it the
/// MOTChallenge way (MotPreprocessor) and feeds CLEAR MOT, identity and HOTA accumulators. compute() may be called at
/// any time (e.g. once per second while a sequence plays): CLEAR counts are exact incrementally, IDF1 and HOTA are
/// recomputed from the stored per-frame overlaps (a few milliseconds for thousands of frames).
///
/// Several sequences can be scored as one accumulation: call beginSequence() before each; identities are namespaced
/// per sequence, so id 3 of one sequence is a different object than id 3 of the next.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "eval/ClearMotAccumulator.h"
#include "eval/HotaAccumulator.h"
#include "eval/IdentityAccumulator.h"
#include "eval/MotMetrics.h"
#include "eval/MotPreprocessor.h"
#include "mot/MotRow.h"

namespace edgescope {

/// Not thread-safe: one thread (e.g. the engine thread) adds frames and computes; copy the MotMetrics to share it.
class MetricsAccumulator {
 public:
  explicit MetricsAccumulator(const MotPreprocessor::Options& options = {});

  /// Starts a new sequence; later identities do not collide with earlier ones. @p name appears in error messages.
  /// Adding frames without calling it first uses one unnamed sequence.
  void beginSequence(const std::string& name = {});
  /// Adds frame @p frame (only used in messages) of the current sequence, in playback order. Frames left with no
  /// row to score are counted but are no CLEAR update, so they do not break a continuing match (py-motmetrics only
  /// updates on frames present in either file). Throws Error naming the sequence, frame and id when an id appears twice
  /// among @p gt or @p hyp; the accumulator is unchanged then.
  void addFrame(std::int64_t frame, const std::vector<MotRow>& gt, const std::vector<MotRow>& hyp);
  /// Metrics of everything added so far.
  MotMetrics compute() const;
  /// Forgets everything (keeps the options).
  void reset();

 private:
  int denseId(std::unordered_map<std::uint64_t, int>& ids, int rawId);
  void checkUnique(std::int64_t frame, const std::vector<MotRow>& rows, const char* what) const;

  MotPreprocessor preprocessor_;
  ClearMotAccumulator clear_;
  IdentityAccumulator identity_;
  HotaAccumulator hota_;
  std::unordered_map<std::uint64_t, int> gtIds_;   ///< (sequence, raw id) → dense id
  std::unordered_map<std::uint64_t, int> hypIds_;  ///< (sequence, raw id) → dense id
  std::string sequenceName_;
  std::int64_t sequence_ = -1;
  std::int64_t frames_ = 0;
};

}  // namespace edgescope
