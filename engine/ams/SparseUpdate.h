#pragma once
/// @file SparseUpdate.h
/// One AMS model update (paper 003, Section 3.1.2; issue 22): the few coordinates of the camera's flat fp32 parameter
/// vector that one training phase changed, their new values as binary16, and the SHA-256 the whole vector must have
/// once they are written. Coded on the wire by SparseUpdateCodec.

#include <cstdint>
#include <string>
#include <vector>

namespace edgescope {

/// Value type; any thread. Positions are indices into the flat parameter vector (the trainable set in its fixed
/// forward order, identified by layoutHash).
struct SparseUpdate {
  std::uint64_t version = 0;           ///< the model version this update produces
  std::uint64_t baseVersion = 0;       ///< the version it must be applied to
  std::uint32_t parameterCount = 0;    ///< length of the flat parameter vector
  std::uint64_t layoutHash = 0;        ///< identifies the parameter layout (names, shapes, order) it indexes
  std::vector<std::uint32_t> indices;  ///< strictly increasing, each < parameterCount
  std::vector<std::uint16_t> values;   ///< binary16 bits (HalfFloat), one per index, finite
  /// SHA-256 (ParameterDigest, 64 lowercase hex characters) of the whole fp32 vector after the values are written.
  std::string resultSha256;

  /// Throws Error naming the first bad field ("sparse update: field 'indices': index 812 >= parameter count 800"):
  /// values.size() ≠ indices.size(), an index out of range or not strictly increasing, a NaN or Inf value, or a
  /// digest that is not 64 lowercase hex characters.
  void validate() const;
  /// indices.size() / parameterCount (0 for an empty vector).
  double density() const;

  bool operator==(const SparseUpdate& other) const;
  bool operator!=(const SparseUpdate& other) const { return !(*this == other); }

  /// The Error every check of a sparse update throws: "sparse update: field 'FIELD': WHY".
  [[noreturn]] static void fail(const std::string& field, const std::string& why);
};

}  // namespace edgescope
