#pragma once
/// @file TurboConfig.h
/// The operator's Turbo knobs (paper 004): on/off, deepest exit, hard threshold on d = 1 − θ, latency bound T and
/// safety margin of the idle budget, the difficulty source, and the side-by-side comparison. Value type; any thread.

#include <string>
#include <vector>

#include "session/ParameterSpec.h"

namespace edgescope {

/// Where a frame's difficulty comes from before the plan is made.
enum class TurboDifficultySource {
  Discriminator = 0,  ///< D_f on the raw frame (paper 004, 1.2 item 2)
  Confidence = 1,     ///< Eq. 1 on the plain detector's output (DifficultyScore::fromConfidences)
};

struct TurboConfig {
  bool enabled = false;  ///< enhance hard frames with idle compute
  int maxExit = 5;       ///< deepest exit κ tried (β = 5; 0 = never enhance)
  double hardThreshold =
      0.4;                 ///< d at or above which a frame is hard (paper θ < 0.6); the model card's when it has one
  double latencyMs = 0.0;  ///< T, ms; 0 = one frame interval of the source
  double marginMs = 5.0;   ///< safety margin subtracted from the idle budget, ms
  TurboDifficultySource difficulty = TurboDifficultySource::Discriminator;
  bool compare = false;  ///< also run the plain pipeline side by side for comparison

  static const char* difficultyName(TurboDifficultySource source);
  /// The "turbo.*" knobs: turbo.enabled (toggle, 0), turbo.maxExit (0–5, step 1, 5), turbo.hardThreshold (0–1, step
  /// 0.01, 0.4), turbo.latencyMs (0–1000 ms, step 1, 0 = one frame interval), turbo.marginMs (0–50 ms, step 1, 5),
  /// turbo.difficulty (choice 0 = discriminator, 1 = confidence; 0), turbo.compare (toggle, 0).
  static std::vector<ParameterSpec> parameterSpecs();
  /// Applies one knob sanitised by its spec and returns the applied value; throws Error naming an unknown id.
  double apply(const std::string& id, double value);
  /// Current value of one knob; throws Error naming an unknown id.
  double value(const std::string& id) const;
};

}  // namespace edgescope
