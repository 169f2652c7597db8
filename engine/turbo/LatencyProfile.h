#pragma once
/// @file LatencyProfile.h
/// Turbo's latency profile (paper 004, Eq. 5 and 1.2 item 7): I[rung][exit][n], the time in ms to run a batch of n
/// frames at input-size rung `rung` through the enhancer to exit `exit` and the detector from the re-entry point on
/// (ε_κ + ν_κ; exit 0 = the plain detector ν_0), measured offline on one device; plus μ_D, the discriminator's time
/// per frame, kept apart. At run time observe() corrects the prediction with an EWMA of measured/predicted per
/// (rung, exit), and isStale() says when the offline profile no longer describes the device.

#include <string>
#include <vector>

#include "util/JsonDocument.h"

namespace edgescope {

class JsonNode;

/// Value type; not thread-safe (observe() mutates): one thread, or the caller's lock.
class LatencyProfile {
 public:
  static constexpr double kEwmaAlpha = 0.2;  ///< weight of the newest measured/predicted ratio
  static constexpr double kMinFactor = 0.5;  ///< correction factor clamp
  static constexpr double kMaxFactor = 3.0;
  static constexpr int kStaleMinObservations = 5;  ///< isStale() looks at cells with at least this many observations
  static constexpr double kStaleLowFactor = 0.67;  ///< … whose factor is outside [kStaleLowFactor, kStaleHighFactor]
  static constexpr double kStaleHighFactor = 1.5;

  /// @p timesMs[rung][exit][n − 1] for the measured batch sizes n = 1..timesMs[rung][exit].size() (≥ 1; cells may
  /// measure different counts); every rung has the same number of exits maxExit + 1 ≥ 1; times finite and ≥ 0 ms.
  /// @p discriminatorMs (μ_D) finite ≥ 0; @p threads ≥ 1; @p device and @p modelSha without '|'. Throws Error naming
  /// the field otherwise.
  LatencyProfile(std::string device, int threads, std::string modelSha, double discriminatorMs,
                 std::vector<std::vector<std::vector<double>>> timesMs);

  /// "device|threads|sha": the profile is valid for this device, thread count and model only.
  std::string key() const { return makeKey(device_, threads_, modelSha_); }
  static std::string makeKey(const std::string& device, int threads, const std::string& modelSha);
  const std::string& device() const { return device_; }
  int threads() const { return threads_; }
  const std::string& modelSha() const { return modelSha_; }
  int rungCount() const { return static_cast<int>(timesMs_.size()); }
  int maxExit() const { return static_cast<int>(timesMs_.front().size()) - 1; }
  /// The largest measured batch size of a cell.
  int measuredBatch(int rung, int exit) const;
  /// μ_D, ms per frame (not included in predictMs).
  double discriminatorMs() const { return discriminatorMs_; }

  /// The offline profile's time for a batch of @p n ≥ 1 frames, ms. For n above the largest measured L the time is
  /// extrapolated linearly from the two largest measured sizes, I(L) + (n − L)·max(0, I(L) − I(L − 1)); with only
  /// n = 1 measured, n·I(1). Throws Error for a rung, exit or n out of range.
  double profiledMs(int rung, int exit, int n) const;
  /// profiledMs × correctionFactor(rung, exit), ms: the time expected now.
  double predictMs(int rung, int exit, int n) const;

  /// Records a measured batch time: factor ← (1 − α)·factor + α·(measuredMs / profiledMs), α = kEwmaAlpha, clamped
  /// to [kMinFactor, kMaxFactor]. Ignored when the profiled time is 0. Throws Error for a measuredMs that is not
  /// finite and ≥ 0, or an out-of-range cell.
  void observe(int rung, int exit, int n, double measuredMs);
  /// Current multiplicative correction of a (rung, exit) cell (1 before any observation).
  double correctionFactor(int rung, int exit) const;
  int observationCount(int rung, int exit) const;
  /// True when any (rung, exit) with ≥ kStaleMinObservations observations has a current factor outside
  /// [kStaleLowFactor, kStaleHighFactor]: the device runs at least 1.5× slower or faster than profiled even after
  /// the EWMA has had time to settle, so the profile should be measured again.
  bool isStale() const;
  /// Forgets every observation (factors back to 1).
  void resetCorrections();

  /// {"device", "threads", "modelSha", "key", "discriminatorMs", "timesMs": [[[…n]…exit]…rung]}. The corrections are
  /// run-time state and are not saved.
  Json toJson() const;
  /// Reads toJson()'s object; throws Error naming the field (JSON path, plus file:line:column for a parsed document)
  /// when one is missing, of the wrong type, out of range, the exit counts differ between rungs, or "key" (optional)
  /// does not match device|threads|modelSha.
  static LatencyProfile fromJson(const JsonNode& node);

 private:
  int cellIndex(int rung, int exit) const;

  std::string device_;
  int threads_;
  std::string modelSha_;
  double discriminatorMs_;
  std::vector<std::vector<std::vector<double>>> timesMs_;
  std::vector<double> factors_;  ///< [rung × (maxExit + 1) + exit]
  std::vector<int> observations_;
};

}  // namespace edgescope
