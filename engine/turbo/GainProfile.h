#pragma once
/// @file GainProfile.h
/// Turbo's gain profile (paper 004, 1.2 item 8): P[bucket][exit], the mean per-frame mAP gain in points over the plain
/// detector of frames in difficulty bucket `bucket` (width 0.1 over d = 1 − θ, DifficultyScore) enhanced to exit
/// `exit` (0 = no enhancement, so P[·][0] = 0). Made offline (GainProfileBuilder); read by TurboPlanner.

#include <vector>

#include "util/JsonDocument.h"

namespace edgescope {

class JsonNode;

/// Immutable value type; any thread may read. Nothing is enforced beyond the shape, P[·][0] = 0 and finiteness
/// (gains need not grow with the exit or the bucket, although the paper's do).
class GainProfile {
 public:
  static constexpr int kBucketCount = 10;
  static constexpr double kBucketWidth = 0.1;

  /// One bucket, maxExit 0: every gain 0.
  GainProfile();
  /// @p gains[bucket][exit]: kBucketCount rows of equal length maxExit + 1 ≥ 1, finite, column 0 all 0. Throws Error
  /// naming the field ("gains[3]: 5 exits, expected 6 (as gains[0])", "gains[2][1]: not finite").
  explicit GainProfile(std::vector<std::vector<double>> gains);

  /// min(9, floor(d × 10)) for d clamped to [0, 1]; throws Error for a NaN d.
  static int bucketOf(double d);
  int maxExit() const { return static_cast<int>(gains_.front().size()) - 1; }
  /// P[bucketOf(d)][exit] in mAP points; throws Error when exit is outside 0..maxExit().
  double gain(double d, int exit) const;
  /// P[bucket][exit]; throws Error when either is out of range.
  double gainAt(int bucket, int exit) const;
  const std::vector<std::vector<double>>& table() const { return gains_; }

  /// {"bucketWidth": 0.1, "maxExit": E, "gains": [[P[0][0..E]], …, [P[9][0..E]]]}.
  Json toJson() const;
  /// Reads toJson()'s object; throws Error naming the field (JSON path, plus file:line:column for a parsed document)
  /// when one is missing, of the wrong type, not finite, or the bucket / exit counts do not match.
  static GainProfile fromJson(const JsonNode& node);

 private:
  std::vector<std::vector<double>> gains_;
};

}  // namespace edgescope
