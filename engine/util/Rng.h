#pragma once
/// @file Rng.h
/// Deterministic pseudo-random generator (SplitMix64) with portable distributions: the same seed gives the same
/// sequence on every machine and compiler (unlike std::uniform_*_distribution). Not thread-safe; one per thread.

#include <cstdint>

namespace edgescope {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t nextU64();
  /// Uniform in [0, 1), 53-bit resolution.
  double uniform();
  /// Uniform in [lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  /// Uniform integer in [lo, hi] (inclusive).
  int uniformInt(int lo, int hi);
  /// Standard normal via Box–Muller (portable: uses only log/sqrt/cos).
  double normal();
  /// Derives an independent seed from (seed, stream) — for per-object generators.
  static std::uint64_t mix(std::uint64_t seed, std::uint64_t stream);
  /// The generator state, for checkpoints (setState(state()) continues the same sequence).
  std::uint64_t state() const { return state_; }
  void setState(std::uint64_t state) { state_ = state; }

 private:
  std::uint64_t state_;
};

}  // namespace edgescope
