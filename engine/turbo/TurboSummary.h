#pragma once
/// @file TurboSummary.h
/// Turbo's running totals for the engine's status (EngineStatus::turbo): frames Turbo was on for, hard and enhanced
/// frames, the exit histogram, mean idle budget and spent ms, fallbacks, overruns, and the latest frame's status.
/// Value type; the engine thread accumulates it, any thread reads a published copy.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "turbo/TurboFrameStatus.h"

namespace edgescope {

struct TurboSummary {
  static constexpr int kExits = 6;  ///< exits 0 … 5 (β = 5)

  bool loaded = false;               ///< an enhancer is loaded for the pipeline's detector
  bool enabled = false;              ///< turbo.enabled as applied
  std::string model;                 ///< the enhancer's spec as loaded ("auto" or a card path; "" when none)
  double hardThreshold = 0.0;        ///< turbo.hardThreshold as applied
  std::int64_t frames = 0;           ///< frames Turbo was on for, since the source was opened or last seeked
  std::int64_t hardFrames = 0;       ///< of those, difficulty ≥ hardThreshold
  std::int64_t enhancedFrames = 0;   ///< of those, exit > 0
  std::array<std::int64_t, kExits> exitHistogram{};  ///< frames per exit 0 … 5
  double meanBudgetMs = 0.0;         ///< mean idle budget per frame, ms
  double meanSpentMs = 0.0;          ///< mean enhancement time per frame (0 at exit 0), ms
  std::int64_t fallbacks = 0;        ///< frames whose enhancer output was not finite (plain detections kept)
  std::int64_t overruns = 0;         ///< enhanced frames that ended after their deadline
  std::int64_t behind = 0;           ///< frames already late before enhancement (exit 0, no message)
  TurboFrameStatus last;             ///< the latest frame Turbo was on for
  /// The enhancer's gain profile P[bucket][exit] in AP50 points (GainProfile::table(); empty when none is loaded).
  std::vector<std::vector<double>> gainProfile;
  // With ground truth, over the frames whose plain detections are known (TurboScoreboard): exit 0 frames, and
  // enhanced frames under turbo.compare. AP50 as fractions in [0, 1].
  std::int64_t scoredFrames = 0;
  double ap50Plain = 0.0, ap50Turbo = 0.0;
  std::int64_t recovered = 0, lost = 0;  ///< GT people found only after / only before enhancement

  /// Accounts one frame; ignored unless @p frame.active. A difficulty ≥ @p hardThreshold counts as hard.
  void add(const TurboFrameStatus& frame, double hardThreshold);
  /// Forgets the totals, the scores and the latest frame (loaded, enabled, model, hardThreshold and gainProfile stay).
  void clearTotals();
};

}  // namespace edgescope
