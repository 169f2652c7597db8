#pragma once
/// @file DegradationSpec.h
/// What `--degrade SPEC` asks for: which kinds of hard frames, how often, how strong and in episodes of what length.
/// Text form: `seed=N,share=F,kinds=K1,K2,…,strength=A:B,episode=A:B` — every key optional, in any order. The tokens
/// after `kinds=` up to the next token containing '=' are kinds (dark, motion, defocus, noise, jpeg, lowres), or `off`.
/// `share=0`, `kinds=off` or the whole spec `off` mean no degradation.

#include <cstdint>
#include <string>
#include <vector>

#include "degrade/DegradationKind.h"

namespace edgescope {

/// Value type.
struct DegradationSpec {
  std::uint64_t seed = 1;  ///< timeline and noise seed
  double share = 0.35;     ///< expected fraction of degraded frames, 0 … 1
  std::vector<DegradationKind> kinds{kAllDegradationKinds.begin(), kAllDegradationKinds.end()};  ///< empty: off
  double strengthMin = 0.5;  ///< episode strength is uniform in [strengthMin, strengthMax] ⊆ [0, 1]
  double strengthMax = 1.0;
  double episodeMinS = 1.0;  ///< episode length is uniform in [episodeMinS, episodeMaxS] seconds, > 0
  double episodeMaxS = 5.0;

  /// Parses @p text (empty: the defaults). Throws Error naming the key and value on unknown keys, keys given twice,
  /// tokens that are not key=value, non-integer seeds, share or strength outside [0, 1], episode lengths ≤ 0, ranges
  /// with min > max and unknown kinds.
  static DegradationSpec parse(const std::string& text);
  /// Canonical text listing every key; parse(toString()) == *this.
  std::string toString() const;
  /// False when nothing is ever degraded (share 0 or no kinds).
  bool enabled() const { return share > 0.0 && !kinds.empty(); }

  bool operator==(const DegradationSpec& other) const;
  bool operator!=(const DegradationSpec& other) const { return !(*this == other); }
};

}  // namespace edgescope
