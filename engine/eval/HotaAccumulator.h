#pragma once
/// @file HotaAccumulator.h
/// HOTA (Luiten et al. 2020) with TrackEval's algorithm: per frame, GT and hypothesis boxes are matched by a
/// Hungarian maximisation of (global identity alignment × IoU); for each α = 0.05, 0.10, …, 0.95 the matched pairs
/// with IoU >= α are true positives; DetA = TP / (TP + FN + FP), AssA = mean over TPs of the identity-pair Jaccard
/// TPA / (TPA + FNA + FPA), HOTA_α = sqrt(DetA_α · AssA_α), LocA_α = mean IoU of the TPs; reported values are the
/// means over the 19 α.
///
/// The global alignment depends on every frame, so frames are stored (identities and sparse IoUs) and compute()
/// replays them: O(frames × small per-frame matchings).

#include <array>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "eval/EvalFrame.h"

namespace edgescope {

/// HOTA family, each the mean over the 19 α thresholds (fractions 0–1).
struct HotaResult {
  static constexpr int kAlphaCount = 19;
  double hota = 0.0;
  double detA = 0.0;
  double assA = 0.0;
  double locA = 1.0;
  double detRe = 0.0;
  double detPr = 0.0;
  double assRe = 0.0;
  double assPr = 0.0;
  std::array<double, kAlphaCount> hotaByAlpha{};  ///< HOTA at α = 0.05 (index 0) … 0.95 (index 18)
};

/// Not thread-safe: one thread feeds and queries it.
class HotaAccumulator {
 public:
  void addFrame(const EvalFrame& frame);
  HotaResult compute() const;
  void reset() { *this = HotaAccumulator(); }
  /// α of index @p index (as numpy.arange(0.05, 0.99, 0.05) computes it).
  static double alpha(int index) { return 0.05 + 0.05 * index; }

 private:
  static std::uint64_t pairKey(int gt, int hyp) {
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(gt)) << 32) | static_cast<std::uint32_t>(hyp);
  }
  static std::int64_t countOf(const std::vector<std::int64_t>& counts, int id) {
    return id < static_cast<int>(counts.size()) ? counts[static_cast<std::size_t>(id)] : 0;
  }

  std::vector<EvalFrame> frames_;
  std::unordered_map<std::uint64_t, double> potentialMatches_;  ///< Σ per-frame IoU-normalised similarity
  std::vector<std::int64_t> gtIdFrames_;                        ///< frames in which each GT identity appears
  std::vector<std::int64_t> hypIdFrames_;                       ///< frames in which each hypothesis identity appears
  std::int64_t gtDetections_ = 0;
  std::int64_t hypDetections_ = 0;
};

}  // namespace edgescope
