#pragma once
/// @file DeepScaleGovernor.h
/// DeepScale's every-K-frames policy (paper 000, Section III-A/C): in adaptive mode every K-th frame runs at the
/// highest candidate resolution, its R detectability heatmaps pick (Eq. 5) the size of the next K − 1 frames; in
/// fixed mode every frame runs at one rung. Owns the operator's DeepScaleConfig and a resolution histogram.
///
/// Use per frame (engine thread):
/// @code
///   const DeepScaleDecision d = governor.onFrame(frame.number);
///   run the network at d.size;
///   if (d.reselect) governor.submitHeatmaps(detectabilityChannels);  // R maps, highest rung first
/// @endcode

#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "deepscale/DeepScaleConfig.h"
#include "deepscale/ResolutionHistogram.h"
#include "deepscale/ResolutionLadder.h"
#include "deepscale/ResolutionSelector.h"

namespace edgescope {

/// Value type: what one frame runs at.
struct DeepScaleDecision {
  cv::Size size;          ///< network input size for this frame (a ladder rung, sides multiples of 32)
  int rungIndex = 0;      ///< its index in the ladder (0 = highest)
  bool reselect = false;  ///< adaptive re-selection frame: runs at rung 0; submit its heatmaps afterwards
};

/// Not thread-safe: one owner (the engine thread, or the CLI's main thread) calls everything.
///
/// Timing rule: frame numbers are source frame numbers (as Frame::number). A re-selection is due at the first
/// adaptive frame, and then whenever frameNumber − (frame of the last re-selection) ≥ K, or the frame number went
/// backwards (seek, loop); with consecutive frames that is exactly every K-th frame (K = 1: every frame). The cycle
/// advances even when no heatmaps are submitted (e.g. inference failed): the next K − 1 frames then keep the
/// previous choice (rung 0 before the first selection).
///
/// Parameter changes (apply()) take effect at the next onFrame(): a new K shortens or lengthens the running cycle,
/// a new γ or preset re-picks the rung from the last selection's stored scores at once (no extra full-size frame),
/// switching to adaptive starts a new cycle with a re-selection, switching to fixed uses fixedIndex.
class DeepScaleGovernor {
 public:
  /// @p ladder: the candidate sizes (the paper's 1088×608 ladder by default). @p config: sanitised via apply().
  explicit DeepScaleGovernor(ResolutionLadder ladder = ResolutionLadder(), const DeepScaleConfig& config = {});

  /// Same as DeepScaleConfig::parameterSpecs() ("deepscale.*").
  static std::vector<ParameterSpec> parameterSpecs() { return DeepScaleConfig::parameterSpecs(); }
  /// Applies one knob (DeepScaleConfig::apply) with the effects above; returns the applied value. Throws Error for
  /// an unknown id (nothing changes).
  double apply(const std::string& id, double value);
  double value(const std::string& id) const { return config_.value(id); }
  /// Applies every field of @p config through apply() (preset first, then the γs).
  void setConfig(const DeepScaleConfig& config);
  const DeepScaleConfig& config() const { return config_; }

  /// Replaces the ladder (new source size); when it differs, forgets the selection and starts a new cycle.
  void setLadder(const ResolutionLadder& ladder);
  const ResolutionLadder& ladder() const { return ladder_; }
  /// Binarisation threshold of the selector (ResolutionSelector::setBinarizeThreshold; 0 = Eq. 5 as in the paper).
  void setBinarizeThreshold(double threshold) { selector_.setBinarizeThreshold(threshold); }

  /// Decides the input size of frame @p frameNumber and counts it in the histogram.
  DeepScaleDecision onFrame(std::int64_t frameNumber);
  /// Eq. 5 on the R = ladder().size() heatmaps of a re-selection frame (order and rules: ResolutionSelector); the
  /// chosen rung applies from the next frame until the next re-selection. Throws Error when the heatmaps are
  /// malformed (count, type, size); the previous choice is kept.
  const ResolutionSelection& submitHeatmaps(const std::vector<cv::Mat>& heatmaps);

  /// Forgets the selection and starts a new cycle at the next frame (seek, new source). Keeps the histogram.
  void restart();
  void clearHistogram() { histogram_.clear(); }

  bool hasSelection() const { return selector_.hasSelection(); }
  /// Scores and choice of the last submitHeatmaps() (after γ changes: re-picked with the new γs).
  const ResolutionSelection& lastSelection() const { return selector_.last(); }
  /// Rung that non-selection frames of the running cycle use.
  int chosenRung() const { return chosenRung_; }
  const DeepScaleDecision& lastDecision() const { return lastDecision_; }
  /// Whether the last decision asked for heatmaps that have not been submitted yet.
  bool awaitingHeatmaps() const { return awaitingHeatmaps_; }
  std::int64_t selectionCount() const { return selectionCount_; }
  const ResolutionHistogram& histogram() const { return histogram_; }

 private:
  bool reselectDue(std::int64_t frameNumber) const;
  int fixedRung() const;

  ResolutionLadder ladder_;
  DeepScaleConfig config_;
  ResolutionSelector selector_;
  ResolutionHistogram histogram_;
  DeepScaleDecision lastDecision_;
  std::int64_t cycleStartFrame_ = 0;
  bool cycleStarted_ = false;
  bool awaitingHeatmaps_ = false;
  int chosenRung_ = 0;
  std::int64_t selectionCount_ = 0;
};

}  // namespace edgescope
