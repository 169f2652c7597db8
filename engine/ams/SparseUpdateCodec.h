#pragma once
/// @file SparseUpdateCodec.h
/// The wire format of an AMS sparse model update (paper 003, Section 3.1.2; issue 22), and the two ends of its use:
/// the node builds an update from its copy of the camera's weights, the camera applies it to its own.
///
/// Layout (all integers little-endian; 76 + B + 2·count bytes in all, nothing after):
///
///     offset  size  field
///          0     4  magic "ESSU"
///          4     2  format version (kFormatVersion = 1)
///          6     1  index coding (IndexCoding: 1 bitmap, 2 gaps)
///          7     1  flags, 0 (anything else is rejected)
///          8     8  version
///         16     8  base version
///         24     8  layout hash
///         32     4  parameter count
///         36     4  count: number of indices = number of values
///         40     4  B: bytes of the index block
///         44     B  index block (SparseIndexCoder: zlib stream of the bitmap or the gap varints)
///     44 + B  2·count  values, binary16 (HalfFloat) bits, in index order
///   44+B+2c     32  SHA-256 of the resulting fp32 parameters (ParameterDigest), raw 32 bytes
///
/// The node's copy follows the camera bit for bit: build() rounds the new values through binary16 in the node's own
/// vector, so both sides hold the same floats and the digest checks it.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ams/SparseIndexCoder.h"
#include "ams/SparseUpdate.h"

namespace edgescope {

/// Stateless; any thread. Byte strings are binary (std::string as a byte container); sizes in bytes.
class SparseUpdateCodec {
 public:
  static constexpr std::uint16_t kFormatVersion = 1;
  static constexpr std::size_t kHeaderBytes = 44;
  static constexpr std::size_t kDigestBytes = 32;

  /// What encode() produced.
  struct Stats {
    IndexCoding coding = IndexCoding::Gaps;  ///< the coding sent
    std::size_t headerBytes = 0;             ///< kHeaderBytes
    std::size_t indexBytes = 0;              ///< index block sent
    std::size_t bitmapBytes = 0;             ///< the zlib'd bitmap candidate (0 when a coding was forced)
    std::size_t gapBytes = 0;                ///< the zlib'd gaps candidate (0 when a coding was forced)
    std::size_t valueBytes = 0;              ///< 2 per value
    std::size_t digestBytes = 0;             ///< kDigestBytes
    std::size_t totalBytes = 0;              ///< everything: header + index + values + digest
    double bitsPerStreamedParameter = 0.0;   ///< 8·totalBytes / count (0 when count is 0)
  };

  /// The bytes of @p update, whose indices are coded as the smaller of the zlib'd bitmap and gaps (gaps on a tie).
  /// Throws Error naming the field when update.validate() fails. @p stats, when given, receives the sizes.
  static std::string encode(const SparseUpdate& update, Stats* stats = nullptr);
  /// As encode(), with the index coding forced to @p coding.
  static std::string encode(const SparseUpdate& update, IndexCoding coding, Stats* stats = nullptr);

  /// The update in @p bytes. Throws Error naming the field ("sparse update: field 'indices': index 812 >= parameter
  /// count 800") for truncation, wrong magic, format version, coding or flags, a length that disagrees with the
  /// header, count > parameter count, a count mismatch with the index block, an index out of range or not strictly
  /// increasing, and a NaN or Inf value. Never reads outside @p bytes; memory is O(size of @p bytes).
  static SparseUpdate decode(const std::string& bytes);
  static SparseUpdate decode(const unsigned char* bytes, std::size_t size);

  /// The camera's end: writes @p update's values (as floats) into @p parameters and checks the digest. Throws Error
  /// naming the field, with @p parameters left bit-identical, when the update's base version is not
  /// @p expectedBaseVersion ('baseVersion'), its layout hash is not @p expectedLayoutHash when given ('layoutHash'),
  /// @p parameters does not hold parameterCount floats ('parameterCount'), validate() fails, or the result's SHA-256
  /// differs from resultSha256 ('resultSha256': applied to the wrong base or corrupted on the way).
  static void apply(const SparseUpdate& update, std::vector<float>& parameters, std::uint64_t expectedBaseVersion,
                    std::optional<std::uint64_t> expectedLayoutHash = std::nullopt);

  /// The node's end: @p parameters is its copy of the camera's weights (at @p baseVersion) after training, whose
  /// coordinates at @p indices hold the new values. Rounds those through binary16 in place and returns the update,
  /// digest of the rounded vector included. Throws Error naming the field, with @p parameters untouched, for
  /// indices out of range or not strictly increasing ('indices'), a value that is NaN or rounds to ±Inf (|v| ≥ 65520,
  /// 'values'), or more than 2^32 − 1 parameters ('parameterCount').
  static SparseUpdate build(std::uint64_t version, std::uint64_t baseVersion, std::uint64_t layoutHash,
                            std::vector<std::uint32_t> indices, std::vector<float>& parameters);
};

}  // namespace edgescope
