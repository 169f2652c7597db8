#pragma once
/// @file DifficultyScore.h
/// Turbo's frame difficulty (paper 004, Eq. 1): θ = mean confidence of the detector's regions, d = 1 − θ in [0, 1]
/// (higher = harder; the orientation the reading notes fix in 1.7, because App. B's bucket "90–100" gains most).

#include <vector>

namespace edgescope {

/// Stateless; any thread.
class DifficultyScore {
 public:
  /// The paper's hard rule θ < 0.6 as a difficulty threshold (θ < 0.6 ⇔ d > 0.4; isHard uses d ≥ threshold, so the
  /// two differ only at d = 0.4 exactly).
  static constexpr double kPaperHardThreshold = 0.4;

  /// Eq. 1 (sum over i = 1..N, notes 1.7): θ = mean of the @p scores that are ≥ @p floor (the detector's output
  /// threshold; NaN scores never count), d = 1 − θ clamped to [0, 1]. Eq. 1 leaves N = 0 undefined: a frame with no
  /// detection ≥ floor is hard (d = 1) when @p tracksPredictPeople (the tracker expects people the detector missed),
  /// else easy (d = 0, an empty scene).
  static double fromConfidences(const std::vector<float>& scores, double floor, bool tracksPredictPeople);
  /// True when @p d ≥ @p threshold (e.g. kPaperHardThreshold or turbo.hardThreshold). A NaN d is not hard.
  static bool isHard(double d, double threshold) { return d >= threshold; }
};

}  // namespace edgescope
