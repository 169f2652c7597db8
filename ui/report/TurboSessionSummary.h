#pragma once
/// @file TurboSessionSummary.h
/// What the report states about Turbo (issue 21, paper 004) in a recorded session, from frames.csv's version 2
/// columns (difficulty, exit, budget_ms, turbo_ms, degrade_kind, degrade_strength), the knobs and the manifest: how
/// many frames Turbo saw, found hard and enhanced, the exit histogram, budget against spent ms and the frame interval,
/// and the degraded frames by kind. A recording keeps no detection boxes, so AP50 plain vs Turbo cannot be derived
/// from it (apDerivable is false and apNote says so); the counts and the mean spent ms stand in. Value type;
/// compute() is pure — any thread.

#include <QString>
#include <cstdint>
#include <string>
#include <vector>

#include "record/SessionData.h"

namespace edgescope {

struct TurboSessionSummary {
  /// The frames degraded one way ("dark", "motion", …).
  struct DegradeShare {
    std::string kind;
    std::int64_t frames = 0;
    double fraction = 0.0;         ///< of all recorded frames (0–1)
    std::int64_t enhanced = 0;     ///< of those, produced by an enhanced exit
    double meanDifficulty = -1.0;  ///< over those with a difficulty; −1 when none had one
  };

  bool present = false;                     ///< a frame has a difficulty or an exit > 0 (Turbo was on)
  std::int64_t frames = 0;                  ///< Turbo frames (difficulty computed or enhanced)
  bool thresholdKnown = false;              ///< turbo.hardThreshold is in the manifest's parameters or the knobs
  double hardThreshold = 0.0;               ///< at the end of the recording (when known)
  std::int64_t hardFrames = 0;              ///< difficulty ≥ the threshold in force at that frame (0 when unknown)
  std::int64_t enhancedFrames = 0;          ///< exit > 0
  std::vector<std::int64_t> exitHistogram;  ///< Turbo frames per exit 0 … the highest exit seen
  double meanBudgetMs = 0.0;                ///< over the Turbo frames
  double meanSpentMs = 0.0;                 ///< turbo_ms over the enhanced frames (0 without)
  double p99SpentMs = 0.0;                  ///< likewise, nearest rank
  std::int64_t overBudgetFrames = 0;        ///< enhanced frames whose turbo_ms exceeded their budget_ms
  double frameIntervalMs = 0.0;        ///< T: turbo.latencyMs when set, else 1000 / (fps × playback.speed); 0 unknown
  std::int64_t degradedFrames = 0;     ///< frames with degrade_kind ≠ none (Turbo on or off)
  std::vector<DegradeShare> degraded;  ///< by kind, in the order the kinds first appear
  bool apDerivable = false;            ///< AP50 plain vs Turbo can be computed from the recording (never, today)
  QString apNote;                      ///< why not, and what the report shows instead

  /// Computes everything from @p data. Never throws; a session without Turbo gives present = false.
  static TurboSessionSummary compute(const SessionData& data);
  /// Whether @p frame is a Turbo frame (finite difficulty or exit > 0).
  static bool isTurboFrame(const RecordedFrame& frame);
  /// The turbo.hardThreshold in force at @p frame: the last knob change at or before it, else the manifest's
  /// initial value; false when neither has one.
  static bool thresholdAt(const SessionData& data, std::int64_t frame, double* threshold);
  /// Whether the session has Turbo or degraded frames (then the exports carry the Turbo/degrade columns).
  static bool hasTurboColumns(const SessionData& data);
};

}  // namespace edgescope
