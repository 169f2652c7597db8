#pragma once
/// @file CoordinateSelector.h
/// Which coordinates of the flat parameter vector an AMS training phase may change (paper 003, Section 3.1.2 and
/// Table 3). The flat vector is the trainable set in its fixed forward order, each tensor flattened row-major. The
/// strategies are gradient-guided (the coordinates with the largest |u|, u = the Adam update of the previous phase's
/// last iteration; Algorithm 2 line 1), random (uniform), first (the start of the vector: the first layers), last
/// (its end: the last layers), first-last (half from each end) and full (every coordinate). Torch-free: MaskedAdam
/// (engine/neural) hands it |u| as a float vector.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace edgescope {

/// Value type, immutable after construction; select() is const and may run on any thread.
class CoordinateSelector {
 public:
  /// Table 3's strategies (ams.selection).
  enum class Strategy { Gradient, Random, First, Last, FirstLast, Full };

  /// The largest flat vector that 32-bit indices (SparseUpdate) can address.
  static constexpr std::size_t kMaxTotal = 0xFFFFFFFFu;

  /// Validates: @p fraction (γ, ams.fraction) must be finite and in (0, 1], else Error naming "ams.fraction".
  /// @p seed fixes every random draw (Random, and whatever a caller draws through it).
  explicit CoordinateSelector(Strategy strategy = Strategy::Gradient, double fraction = 0.05, std::uint64_t seed = 0);

  /// The selected flat indices, strictly increasing, each < @p total; @p total ≤ kMaxTotal (else Error naming
  /// "total"). Count: selectedCount(total) (Full: all @p total). Gradient ranks coordinates by |magnitudes[i]| (the
  /// sign is ignored, so u or |u| may be passed), largest first; ties go to the lower index; NaN ranks below every
  /// number (so a broken coordinate is never preferred), +Inf above. It needs @p magnitudes with @p total entries
  /// (else Error naming "magnitudes"); the other strategies ignore it (it may be null). Random draws uniformly without
  /// replacement from a generator seeded by (seed, @p draw): the same pair gives the same set on every host;
  /// different draws (e.g. phase numbers) give independent sets.
  std::vector<std::uint32_t> select(std::size_t total, const float* magnitudes = nullptr, std::uint64_t draw = 0) const;
  /// Convenience: select(magnitudes.size(), magnitudes.data(), draw).
  std::vector<std::uint32_t> select(const std::vector<float>& magnitudes, std::uint64_t draw = 0) const {
    return select(magnitudes.size(), magnitudes.data(), draw);
  }
  /// Uniform random selection of selectedCount(total) coordinates, whatever the strategy (Algorithm 2's first phase).
  std::vector<std::uint32_t> selectRandom(std::size_t total, std::uint64_t draw = 0) const;

  /// How many coordinates a fraction selects out of @p total: round(γ · total), half away from zero, at least 1 and
  /// at most @p total (0 when @p total is 0). Full ignores γ and gives @p total.
  std::size_t selectedCount(std::size_t total) const;

  Strategy strategy() const { return strategy_; }
  double fraction() const { return fraction_; }
  std::uint64_t seed() const { return seed_; }

  /// "gradient", "random", "first", "last", "first-last", "full".
  static std::string strategyName(Strategy strategy);
  /// Inverse of strategyName (exact, lowercase). Throws Error naming @p field and quoting the bad value.
  static Strategy parseStrategy(const std::string& name, const std::string& field = "ams.selection");

 private:
  std::vector<std::uint32_t> topMagnitudes(std::size_t total, const float* magnitudes, std::size_t count) const;

  Strategy strategy_;
  double fraction_;
  std::uint64_t seed_;
};

}  // namespace edgescope
