#pragma once
/// @file ResolutionSelector.h
/// DeepScale's resolution selection (paper 000, Section III-C, Eq. 5): from the R detectability heatmaps predicted on
/// a full-resolution frame, pick the smallest candidate resolution that preserves enough of the full-resolution
/// detectability.

#include <vector>

#include <opencv2/core/mat.hpp>

namespace edgescope {

/// Value type: the outcome of one selection.
struct ResolutionSelection {
  int rungIndex = 0;           ///< chosen rung (0 = highest resolution, as in ResolutionLadder)
  std::vector<double> scores;  ///< Eq. 5 score per rung in [0, 1]; scores[0] = 1 (the reference, never thresholded)
  bool emptyScene = false;     ///< ΣŶmax was 0: nothing to lose, every score is 1
  int nonFinitePixels = 0;     ///< NaN/±inf heatmap values seen (over all heatmaps), handled as described below
};

/// Eq. 5: score_r = Σ_xy(Ŷr ∘ Ŷmax) / Σ_xy Ŷmax; the choice is the smallest rung r ≥ 1 whose score_r ≥ γr, else the
/// highest resolution (rung 0). Scores are computed in double; "≥" allows kScoreTolerance so that a score meant to
/// equal γ exactly (e.g. 0.8 from float heatmaps) passes.
///
/// Input order: heatmaps[0] is Ŷmax (the highest-resolution channel), heatmaps[r] the channel of ladder rung r, so
/// heatmaps[R−1] belongs to the smallest size; gammas[r−1] is γr (gammas.size() = R − 1, Table IV's γ1..γ4 for R = 5).
/// A γ above 1 can never be met (Table IV's "–": that size is never chosen); a γ ≤ 0 always is.
///
/// Bad values (documented choices; the paper does not discuss them):
/// - heatmap values are clamped to [0, 1] (the network's range);
/// - a non-finite value counts as "object here" in Ŷmax and as "missed" in Ŷr, so a broken heatmap pushes the choice
///   towards the highest resolution, never below it;
/// - ΣŶmax = 0 (empty scene): every rung preserves all of (no) detectability, so every score is 1 and the smallest
///   rung whose γ ≤ 1 is chosen — the cheapest size, as the paper's C1/C2 runs spend their lowest-resolution frames.
///
/// Optional binarisation (off by default, not in the paper): with threshold t > 0 every value becomes 1 when ≥ t,
/// else 0, so a score is the fraction of full-resolution detectable cells still detectable at r and γ = 1 is
/// reachable with soft (sigmoid) heatmaps.
///
/// Not thread-safe; one owner (the engine thread).
class ResolutionSelector {
 public:
  static constexpr double kScoreTolerance = 1e-6;

  ResolutionSelector() = default;
  /// @p gammas = γ1..γR−1 (see setGammas()).
  explicit ResolutionSelector(std::vector<double> gammas);

  /// Sets γ1..γR−1. Throws Error naming the γ when one is NaN.
  void setGammas(std::vector<double> gammas);
  const std::vector<double>& gammas() const { return gammas_; }
  /// Binarisation threshold t in [0, 1]; 0 (default) = off. Throws Error when outside [0, 1] or NaN.
  void setBinarizeThreshold(double threshold);
  double binarizeThreshold() const { return binarizeThreshold_; }

  /// Scores @p heatmaps (R = gammas().size() + 1 single-channel CV_32F maps of one size, order above) and picks a
  /// rung; the result is also kept as last(). Throws Error naming the heatmap index when the count, type or size is
  /// wrong; the previous last() is then kept.
  const ResolutionSelection& select(const std::vector<cv::Mat>& heatmaps);
  /// The rung Eq. 5 picks for @p scores (scores[0] ignored) with the current γs. Throws Error when the count differs
  /// from gammas().size() + 1.
  int pick(const std::vector<double>& scores) const;
  /// Re-picks last() with the current γs (after a γ change; no new heatmaps needed). No-op without a selection.
  void repick();

  bool hasSelection() const { return hasSelection_; }
  /// The last selection (rungIndex 0, no scores before the first).
  const ResolutionSelection& last() const { return last_; }
  void clear();

 private:
  void checkInput(const std::vector<cv::Mat>& heatmaps) const;
  ResolutionSelection score(const std::vector<cv::Mat>& heatmaps) const;

  std::vector<double> gammas_;
  double binarizeThreshold_ = 0.0;
  ResolutionSelection last_;
  bool hasSelection_ = false;
};

}  // namespace edgescope
