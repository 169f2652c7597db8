#pragma once
/// @file SyntheticConfig.h
/// Options of the `synthetic:` video source, parsed from (and written back to) its URI:
/// `synthetic:?seed=…&people=…&frames=…&width=…&height=…&fps=…&lighting=0|1&blur=σ&noise=σ`.

#include <cstdint>
#include <string>

namespace edgescope {

/// Value type.
struct SyntheticConfig {
  std::int64_t seed = 1;      ///< scene seed, 0 … 2^63-1
  int people = 8;             ///< persons in view at any time (about), 0 … 200
  std::int64_t frames = 600;  ///< sequence length, 1 … 10,000,000
  int width = 960;            ///< pixels, 64 … 4096
  int height = 540;           ///< pixels, 64 … 4096
  double fps = 25.0;          ///< frames per second, 1 … 240
  bool lighting = false;      ///< slow global brightness drift plus a passing cloud shadow
  double blur = 0.0;          ///< Gaussian blur sigma in pixels, 0 (off) … 20
  double noise = 0.0;         ///< additive Gaussian noise sigma in 8-bit levels, 0 (off) … 100

  /// Parses @p uri ("synthetic:" optionally followed by "?key=value&…"). Throws Error naming the key on unknown
  /// keys, values that are not numbers and out-of-range values, and Error when the scheme is not "synthetic:".
  static SyntheticConfig fromUri(const std::string& uri);
  /// Canonical URI listing every option; fromUri(toUri()) == *this.
  std::string toUri() const;

  bool operator==(const SyntheticConfig& other) const;
  bool operator!=(const SyntheticConfig& other) const { return !(*this == other); }
};

}  // namespace edgescope
