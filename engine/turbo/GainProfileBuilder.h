#pragma once
/// @file GainProfileBuilder.h
/// Accumulates per-frame gain samples (difficulty, exit, mAP gain in points over the plain detector) into a
/// GainProfile (paper 004, 1.2 item 8: the mean per bucket and exit).

#include <vector>

#include "turbo/GainProfile.h"

namespace edgescope {

/// Value type; one thread at a time.
class GainProfileBuilder {
 public:
  /// Exits 0..@p maxExit (≥ 0, else Error).
  explicit GainProfileBuilder(int maxExit);

  /// Adds one frame's gain at @p exit (1..maxExit) for difficulty @p d (bucketed by GainProfile::bucketOf). Exit 0 is
  /// the plain detector, whose gain is 0 by definition: a 0 sample there is accepted and ignored, any other value is
  /// an Error, as are a NaN d or gain and an exit outside 0..maxExit.
  void addSample(double d, int exit, double gainPoints);
  /// Samples added to a cell so far (exit 0: always 0).
  int sampleCount(int bucket, int exit) const;

  /// The profile: each cell with samples is their mean. An empty cell takes the mean of the nearest bucket of the same
  /// exit that has samples (ties: the lower, easier bucket); an exit with no sample at all gets 0 in every bucket.
  /// Column 0 is 0. Nothing else is enforced (no monotonicity in exit or difficulty). The builder stays usable.
  GainProfile finish() const;

 private:
  int maxExit_;
  std::vector<std::vector<double>> sums_;  ///< [bucket][exit], points
  std::vector<std::vector<int>> counts_;   ///< [bucket][exit]
};

}  // namespace edgescope
