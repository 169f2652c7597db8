#pragma once
/// @file ResolutionLadder.h
/// The DeepScale candidate input sizes (paper 000, Section V-A): five sizes from the full source size down to about
/// 0.53×, aspect-preserving, both sides multiples of 32, strictly decreasing.

#include <array>
#include <string>
#include <vector>

#include <opencv2/core/types.hpp>

namespace edgescope {

/// Value type (copyable, immutable after construction; any thread may read a const one).
///
/// Rung 0 is the highest resolution (the one DeepScale runs on every K-th frame), rung kRungCount − 1 the smallest;
/// this is the order of the network's detectability channels and of Table IV (γ1 belongs to rung 1 … γ4 to rung 4).
///
/// Rounding rule of fromSource(): rung i has sides 32 · round(side · kScales[i] / 32), each side on its own, halves
/// rounded up, at least 32; kScales are the paper's ladder 1088, 864, 704, 640, 576 px wide divided by 1088, so a
/// 1088×608 source reproduces the paper's {1088×608, 864×480, 704×384, 640×352, 576×320} exactly. Rung 0 is the
/// source rounded the same way (1920×1080 → 1920×1088). Each side then stays within 16 px of the exact scaled side,
/// so a rung's aspect ratio differs from the source's by at most 16 px over its short side.
///
/// Only small sources (both sides under 520 px) can round two neighbouring rungs to the same size. Deduplication keeps
/// five rungs: a rung is first capped at the rung above it, and if it still equals that rung, the side that rounding
/// enlarged most (relative to its exact value; on a tie the longer side, the width for a square) is lowered by 32 px
/// (the other side if that one is already 32). So every ladder is strictly decreasing: no side grows, the area
/// shrinks. Only when neither side can be lowered is the source too small: that is an Error (supports() tells without
/// throwing); sources whose sides are both at least 101 px always succeed. Why exactly five: the network has one
/// detectability channel per rung and γ1..γ4 are tied to rungs 1..4.
class ResolutionLadder {
 public:
  static constexpr int kRungCount = 5;
  static constexpr int kAlignPx = 32;       ///< both sides of every rung are multiples of this
  static constexpr int kMaxSidePx = 16384;  ///< larger sources are an Error
  /// Scale of rung i relative to the source (paper widths 1088, 864, 704, 640, 576 over 1088).
  static constexpr std::array<double, kRungCount> kScales = {1.0, 864.0 / 1088, 704.0 / 1088, 640.0 / 1088,
                                                             576.0 / 1088};

  /// The paper's ladder, 1088×608 … 576×320 (= fromSource({1088, 608})).
  ResolutionLadder();
  /// An explicit ladder: exactly kRungCount sizes, largest first, sides positive multiples of kAlignPx, each rung no
  /// wider and no taller than the previous one and not equal to it. Throws Error naming the offending rung.
  explicit ResolutionLadder(std::vector<cv::Size> rungs);

  /// The ladder for a source of @p sourceSize pixels (rounding rule above). Throws Error naming the size when it is
  /// not positive, above kMaxSidePx, or too small for kRungCount distinct rungs.
  static ResolutionLadder fromSource(cv::Size sourceSize);
  /// Whether fromSource(@p sourceSize) succeeds. Never throws.
  static bool supports(cv::Size sourceSize) noexcept;
  /// 32 · round(@p px / 32), halves up, at least 32 (non-finite or non-positive @p px: 32).
  static int alignSide(double px);
  /// "WxH", e.g. "1088x608" (the key of the resolution histogram).
  static std::string label(cv::Size size);

  int size() const { return static_cast<int>(rungs_.size()); }
  /// Rung @p index (0 = highest resolution). Throws Error when out of range.
  cv::Size rung(int index) const;
  const std::vector<cv::Size>& rungs() const { return rungs_; }
  cv::Size highest() const { return rungs_.front(); }
  cv::Size smallest() const { return rungs_.back(); }
  /// Index of @p size in the ladder, −1 when it is not a rung.
  int indexOf(cv::Size size) const;

  bool operator==(const ResolutionLadder& other) const { return rungs_ == other.rungs_; }
  bool operator!=(const ResolutionLadder& other) const { return !(*this == other); }

 private:
  /// Empty string when @p rungs is a valid ladder, else why not.
  static std::string validate(const std::vector<cv::Size>& rungs);
  /// The rounded, deduplicated rungs for a valid source size; empty when a collision cannot be resolved.
  static std::vector<cv::Size> scaledRungs(cv::Size sourceSize);

  std::vector<cv::Size> rungs_;
};

}  // namespace edgescope
