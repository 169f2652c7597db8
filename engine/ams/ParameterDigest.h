#pragma once
/// @file ParameterDigest.h
/// The SHA-256 of a flat fp32 parameter vector, the check that a camera's model and the node's copy of it are
/// bit-identical after an AMS sparse update (paper 003, issue 22). The bytes hashed are each float's IEEE 754 bit
/// pattern as 4 bytes little-endian, element 0 first — the same on every host, whatever its own byte order. No length
/// prefix: the digest of N floats equals `sha256sum` of the 4N-byte file that holds them little-endian.

#include <cstddef>
#include <string>
#include <vector>

namespace edgescope {

/// Stateless; any thread. Digests are 64-character lowercase hex strings, the format of Digest::sha256.
class ParameterDigest {
 public:
  /// SHA-256 of @p count floats at @p data (which may be null when @p count is 0). Bit-exact: −0 and +0 differ, as
  /// do NaN payloads. Streams in 64 KiB pieces; no copy of the vector is made.
  static std::string sha256(const float* data, std::size_t count);
  static std::string sha256(const std::vector<float>& parameters) {
    return sha256(parameters.data(), parameters.size());
  }
};

}  // namespace edgescope
