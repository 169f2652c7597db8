#pragma once
/// @file SparseIndexCoder.h
/// The index block of an AMS sparse update (issue 22): which coordinates of the flat parameter vector an update
/// writes, as a zlib stream (RFC 1950, level 9) of one of two raw forms — whichever compresses smaller is sent:
///  - Bitmap: ceil(parameterCount / 8) bytes; parameter i is bit (i mod 8) of byte i / 8, least significant bit
///    first (numpy's packbits with bitorder='little'); padding bits of the last byte are 0.
///  - Gaps: one unsigned LEB128 varint (7 bits a byte, low group first, high bit = more follows, ≤ 5 bytes) per
///    index of index[k] − index[k−1] with index[−1] = −1, so every gap is ≥ 1 and the first is index[0] + 1.
/// Dense masks favour the bitmap, sparse ones the gaps; both come close to the binary-entropy bound n·H(p) bits.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace edgescope {

/// The raw form inside the zlib stream; the values are those of the wire header's coding byte.
enum class IndexCoding : std::uint8_t { Bitmap = 1, Gaps = 2 };

/// Stateless; any thread. Sizes in bytes.
class SparseIndexCoder {
 public:
  /// The raw bitmap of @p indices (each < @p parameterCount; any order, duplicates merge).
  static std::string rawBitmap(const std::vector<std::uint32_t>& indices, std::uint32_t parameterCount);
  /// The raw gap varints of @p indices. Precondition: strictly increasing (an equal neighbour gives a gap of 0, which
  /// decode() rejects — tests use that to build bad blocks).
  static std::string rawGaps(const std::vector<std::uint32_t>& indices);
  /// zlib stream (level 9) of @p raw.
  static std::string deflate(const std::string& raw);

  /// deflate() of the raw form @p coding of @p indices (strictly increasing, each < @p parameterCount).
  static std::string encode(const std::vector<std::uint32_t>& indices, std::uint32_t parameterCount,
                            IndexCoding coding);
  /// The indices coded in the zlib stream of @p size bytes at @p block. Throws Error naming field 'indices' for a
  /// corrupt, truncated or overlong stream (bytes after its end included), an index ≥ @p parameterCount, a gap of 0,
  /// a varint over 5 bytes or cut off, a bitmap of the wrong length or with padding bits set; and field 'count' when
  /// it holds other than @p count indices. Memory stays O(@p count): the stream is inflated 16 KiB at a time.
  static std::vector<std::uint32_t> decode(const unsigned char* block, std::size_t size, IndexCoding coding,
                                           std::uint32_t parameterCount, std::uint32_t count);
};

}  // namespace edgescope
