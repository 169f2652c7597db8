#pragma once
/// @file IdentityAccumulator.h
/// Identity metrics (Ristani et al.; IDF1, IDP, IDR) accumulated one frame at a time. Each frame adds, for every
/// GT/hypothesis identity pair whose boxes overlap with IoU >= 0.5, one co-occurrence; compute() finds the one-to-one
/// identity matching with the most co-occurrences (IDTP). Because that matching is global it is recomputed on every
/// compute(), on the sparse pair graph (cost grows with the number of overlapping identity pairs, not with frames).

#include <cstdint>
#include <unordered_map>

#include "eval/EvalFrame.h"

namespace edgescope {

struct IdentityCounts {
  std::int64_t idtp = 0;
  std::int64_t idfp = 0;
  std::int64_t idfn = 0;
};

/// Not thread-safe: one thread feeds and queries it.
class IdentityAccumulator {
 public:
  void addFrame(const EvalFrame& frame);
  IdentityCounts compute() const;
  void reset() { *this = IdentityAccumulator(); }

 private:
  std::unordered_map<std::uint64_t, std::int64_t> pairCounts_;  ///< key: gt << 32 | hyp
  std::int64_t gtDetections_ = 0;
  std::int64_t hypDetections_ = 0;
  int gtIdLimit_ = 0;   ///< 1 + largest GT id seen
  int hypIdLimit_ = 0;  ///< 1 + largest hypothesis id seen
};

}  // namespace edgescope
