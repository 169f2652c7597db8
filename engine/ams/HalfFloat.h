#pragma once
/// @file HalfFloat.h
/// IEEE 754 binary16 ("fp16", "half") conversion written out by hand, so that the camera and the node round the
/// streamed weights of AMS (paper 003, issue 22) bit-identically on every compiler and CPU: float → half rounds to
/// nearest, ties to even; half → float is exact. Torch-free; lives in engine/ams because only the sparse model
/// updates use it (move it to engine/util when a second user appears).

#include <cstdint>
#include <vector>

namespace edgescope {

/// Stateless; any thread. A half is carried as its 16 raw bits (sign 1, exponent 5, mantissa 10).
class HalfFloat {
 public:
  /// The half nearest to @p value, ties to the even mantissa. Magnitudes ≥ 65520 (the midpoint between the largest
  /// finite half 65504 and 2^16) give ±Inf; magnitudes ≤ 2^-25 give ±0 (signed zero kept); smaller ones land on the
  /// subnormals (steps of 2^-24). ±Inf stays ±Inf. NaN stays NaN: a quiet half NaN with the sign and the top 9
  /// payload bits of @p value.
  static std::uint16_t fromFloat(float value);
  /// The exact float value of @p bits. Subnormals become normal floats; NaN payloads are kept (shifted left by 13).
  static float toFloat(std::uint16_t bits);
  /// toFloat(fromFloat(@p value)): @p value as the camera will see it after streaming.
  static float round(float value) { return toFloat(fromFloat(value)); }
  /// round() on every element of @p values, in place.
  static void roundInPlace(std::vector<float>& values);

  /// True unless @p bits is ±Inf or NaN (exponent field all ones).
  static bool isFinite(std::uint16_t bits) { return (bits & 0x7c00u) != 0x7c00u; }
  /// True for NaN (exponent all ones, mantissa not zero).
  static bool isNan(std::uint16_t bits) { return (bits & 0x7c00u) == 0x7c00u && (bits & 0x03ffu) != 0; }

  static constexpr std::uint16_t kPositiveInfinity = 0x7c00;  ///< +Inf
  static constexpr std::uint16_t kMaxFinite = 0x7bff;         ///< 65504
};

}  // namespace edgescope
