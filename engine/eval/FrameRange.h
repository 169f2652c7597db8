#pragma once
/// @file FrameRange.h
/// An inclusive range of 1-based frame numbers, for scoring part of a sequence (frames A..B).

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "mot/MotRow.h"

namespace edgescope {

/// Value type.
struct FrameRange {
  std::int64_t first = 1;                                        ///< first frame scored
  std::int64_t last = std::numeric_limits<std::int64_t>::max();  ///< last frame scored (inclusive)

  bool contains(std::int64_t frame) const { return frame >= first && frame <= last; }
  bool isAll() const { return first <= 1 && last == std::numeric_limits<std::int64_t>::max(); }
  /// The rows of @p rows whose frame lies in the range, in their original order.
  std::vector<MotRow> filter(const std::vector<MotRow>& rows) const;
  /// Throws Error "frame range A..B: …" when first > last or first < 1.
  void validate() const;
  /// "A..B" (B omitted when open-ended).
  std::string toString() const;
  /// "A:B", "A:" (to the end), ":B" or "A" (one frame), 1-based inclusive; empty text = all frames. Throws Error
  /// naming @p text when malformed or empty (need 1 ≤ A ≤ B).
  static FrameRange parse(const std::string& text);
};

}  // namespace edgescope
