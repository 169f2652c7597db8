#include "ams/HalfFloat.h"

#include <cstring>

namespace edgescope {
namespace {

std::uint32_t floatBits(float value) {
  std::uint32_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

float bitsFloat(std::uint32_t bits) {
  float value = 0.0f;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

/// @p kept rounded up by one when the dropped low bits @p dropped (out of 2^@p shift) are above half, or exactly half
/// and @p kept is odd. A carry out of the mantissa moves into the exponent, which is what binary16 wants.
std::uint32_t roundNearestEven(std::uint32_t kept, std::uint32_t dropped, int shift) {
  const std::uint32_t half = 1u << (shift - 1);
  if (dropped > half || (dropped == half && (kept & 1u) != 0)) return kept + 1;
  return kept;
}

}  // namespace

std::uint16_t HalfFloat::fromFloat(float value) {
  const std::uint32_t bits = floatBits(value);
  const auto sign = static_cast<std::uint16_t>((bits >> 16) & 0x8000u);
  const std::uint32_t magnitude = bits & 0x7fffffffu;
  if (magnitude > 0x7f800000u) {  // NaN: quiet, top payload bits kept
    return static_cast<std::uint16_t>(sign | 0x7e00u | ((magnitude >> 13) & 0x03ffu));
  }
  if (magnitude >= 0x47800000u) return static_cast<std::uint16_t>(sign | kPositiveInfinity);  // ≥ 2^16 and Inf
  if (magnitude >= 0x38800000u) {  // ≥ 2^-14: a normal half unless rounding carries into Inf (≥ 65520)
    const std::uint32_t kept = (((magnitude >> 23) - 112u) << 10) | ((magnitude >> 13) & 0x03ffu);
    return static_cast<std::uint16_t>(sign | roundNearestEven(kept, magnitude & 0x1fffu, 13));
  }
  // Subnormal half (or zero): value / 2^-24 = significand × 2^(exponent − 126), rounded to an integer.
  const int exponent = static_cast<int>(magnitude >> 23);
  const int shift = 126 - exponent;  // ≥ 14 here
  if (shift > 24) return sign;       // below 2^-25 (or exactly it: a tie that goes to the even 0)
  const std::uint32_t significand = (magnitude & 0x007fffffu) | 0x00800000u;
  const std::uint32_t kept = significand >> shift;
  const std::uint32_t dropped = significand & ((1u << shift) - 1u);
  return static_cast<std::uint16_t>(sign | roundNearestEven(kept, dropped, shift));
}

float HalfFloat::toFloat(std::uint16_t bits) {
  const std::uint32_t sign = static_cast<std::uint32_t>(bits & 0x8000u) << 16;
  const std::uint32_t exponent = (bits >> 10) & 0x1fu;
  std::uint32_t mantissa = bits & 0x03ffu;
  if (exponent == 0x1fu) return bitsFloat(sign | 0x7f800000u | (mantissa << 13));  // Inf, NaN with its payload
  if (exponent != 0) return bitsFloat(sign | ((exponent + 112u) << 23) | (mantissa << 13));
  if (mantissa == 0) return bitsFloat(sign);  // ±0
  std::uint32_t floatExponent = 113;          // a subnormal: normalise it (2^-14 has float exponent 113)
  while ((mantissa & 0x0400u) == 0) {
    mantissa <<= 1;
    --floatExponent;
  }
  return bitsFloat(sign | (floatExponent << 23) | ((mantissa & 0x03ffu) << 13));
}

void HalfFloat::roundInPlace(std::vector<float>& values) {
  for (float& value : values) value = round(value);
}

}  // namespace edgescope
