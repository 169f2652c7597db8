#include "ams/SparseIndexCoder.h"

#include <zlib.h>

#include <functional>
#include <memory>

#include "ams/SparseUpdate.h"
#include "util/Error.h"

namespace edgescope {
namespace {

/// Inflates the zlib stream [data, data + size) and hands the output to @p sink piece by piece. The stream must end
/// exactly at data + size.
void inflateBlock(const unsigned char* data, std::size_t size,
                  const std::function<void(const unsigned char*, std::size_t)>& sink) {
  if (size > 0xffffffffu) SparseUpdate::fail("indices", "index block over 4 GiB");
  z_stream stream{};
  if (inflateInit(&stream) != Z_OK) throw Error("sparse update: zlib inflateInit failed");
  const std::unique_ptr<z_stream, int (*)(z_stream*)> guard(&stream, &inflateEnd);
  stream.next_in = const_cast<Bytef*>(data);  // zlib's API is not const-correct; it does not write the input
  stream.avail_in = static_cast<uInt>(size);
  unsigned char out[16384];
  for (;;) {
    stream.next_out = out;
    stream.avail_out = sizeof out;
    const int rc = inflate(&stream, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
      SparseUpdate::fail("indices",
                         std::string("corrupt zlib stream (") + (stream.msg ? stream.msg : "no message") + ")");
    }
    sink(out, sizeof out - stream.avail_out);
    if (rc == Z_STREAM_END) break;
    if (rc == Z_BUF_ERROR || (stream.avail_in == 0 && stream.avail_out != 0)) {
      SparseUpdate::fail("indices", "zlib stream truncated after " + std::to_string(size) + " bytes");
    }
  }
  if (stream.avail_in != 0) {
    SparseUpdate::fail("indices", std::to_string(stream.avail_in) + " bytes after the end of the zlib stream");
  }
}

[[noreturn]] void outOfRange(std::uint64_t index, std::uint32_t parameterCount) {
  SparseUpdate::fail("indices",
                     "index " + std::to_string(index) + " >= parameter count " + std::to_string(parameterCount));
}

[[noreturn]] void tooMany(std::uint32_t count) {
  SparseUpdate::fail("count", "the header says " + std::to_string(count) + " indices, the index block holds more");
}

}  // namespace

std::string SparseIndexCoder::rawBitmap(const std::vector<std::uint32_t>& indices, std::uint32_t parameterCount) {
  std::string bitmap((static_cast<std::size_t>(parameterCount) + 7) / 8, '\0');
  for (std::uint32_t index : indices) {
    if (index >= parameterCount) outOfRange(index, parameterCount);
    bitmap[index / 8] = static_cast<char>(static_cast<unsigned char>(bitmap[index / 8]) | (1u << (index % 8)));
  }
  return bitmap;
}

std::string SparseIndexCoder::rawGaps(const std::vector<std::uint32_t>& indices) {
  std::string gaps;
  gaps.reserve(indices.size() * 2);
  std::int64_t previous = -1;
  for (std::uint32_t index : indices) {
    std::uint64_t gap = static_cast<std::uint64_t>(static_cast<std::int64_t>(index) - previous);
    previous = index;
    while (gap >= 0x80) {
      gaps.push_back(static_cast<char>(0x80 | (gap & 0x7f)));
      gap >>= 7;
    }
    gaps.push_back(static_cast<char>(gap));
  }
  return gaps;
}

std::string SparseIndexCoder::deflate(const std::string& raw) {
  uLongf size = compressBound(static_cast<uLong>(raw.size()));
  std::string out(size, '\0');
  const int rc = compress2(reinterpret_cast<Bytef*>(&out[0]), &size, reinterpret_cast<const Bytef*>(raw.data()),
                           static_cast<uLong>(raw.size()), Z_BEST_COMPRESSION);
  if (rc != Z_OK) throw Error("sparse update: zlib compress2 failed (" + std::to_string(rc) + ")");
  out.resize(size);
  return out;
}

std::string SparseIndexCoder::encode(const std::vector<std::uint32_t>& indices, std::uint32_t parameterCount,
                                     IndexCoding coding) {
  return deflate(coding == IndexCoding::Bitmap ? rawBitmap(indices, parameterCount) : rawGaps(indices));
}

std::vector<std::uint32_t> SparseIndexCoder::decode(const unsigned char* block, std::size_t size, IndexCoding coding,
                                                    std::uint32_t parameterCount, std::uint32_t count) {
  std::vector<std::uint32_t> indices;
  indices.reserve(count);  // the caller has checked that the update holds 2·count bytes of values
  if (coding == IndexCoding::Bitmap) {
    const std::uint64_t bitmapBytes = (static_cast<std::uint64_t>(parameterCount) + 7) / 8;
    std::uint64_t position = 0;  // bytes of the bitmap seen so far
    inflateBlock(block, size, [&](const unsigned char* bytes, std::size_t n) {
      for (std::size_t i = 0; i < n; ++i, ++position) {
        if (position >= bitmapBytes) {
          SparseUpdate::fail("indices", "bitmap longer than the " + std::to_string(bitmapBytes) + " bytes of " +
                                            std::to_string(parameterCount) + " parameters");
        }
        for (unsigned bits = bytes[i]; bits != 0; bits &= bits - 1) {
          const std::uint64_t index = position * 8 + static_cast<unsigned>(__builtin_ctz(bits));
          if (index >= parameterCount) outOfRange(index, parameterCount);
          if (indices.size() == count) tooMany(count);
          indices.push_back(static_cast<std::uint32_t>(index));
        }
      }
    });
    if (position != bitmapBytes) {
      SparseUpdate::fail("indices", "bitmap of " + std::to_string(position) + " bytes, " +
                                        std::to_string(parameterCount) + " parameters need " +
                                        std::to_string(bitmapBytes));
    }
  } else if (coding == IndexCoding::Gaps) {
    std::int64_t previous = -1;
    std::uint64_t gap = 0;
    int shift = 0;
    inflateBlock(block, size, [&](const unsigned char* bytes, std::size_t n) {
      for (std::size_t i = 0; i < n; ++i) {
        if (shift > 28) SparseUpdate::fail("indices", "gap varint longer than 5 bytes");
        gap |= static_cast<std::uint64_t>(bytes[i] & 0x7f) << shift;
        shift += 7;
        if ((bytes[i] & 0x80) != 0) continue;
        if (gap == 0) {
          SparseUpdate::fail(
              "indices", "gap 0 at position " + std::to_string(indices.size()) + ": indices not strictly increasing");
        }
        const std::uint64_t index = static_cast<std::uint64_t>(previous) + gap;  // previous = −1 wraps back to gap−1
        if (index >= parameterCount) outOfRange(index, parameterCount);
        if (indices.size() == count) tooMany(count);
        indices.push_back(static_cast<std::uint32_t>(index));
        previous = static_cast<std::int64_t>(index);
        gap = 0;
        shift = 0;
      }
    });
    if (shift != 0) SparseUpdate::fail("indices", "the index block ends inside a gap varint");
  } else {
    SparseUpdate::fail("indexCoding", "unknown coding " + std::to_string(static_cast<int>(coding)));
  }
  if (indices.size() != count) {
    SparseUpdate::fail("count", "the header says " + std::to_string(count) + " indices, the index block holds " +
                                    std::to_string(indices.size()));
  }
  return indices;
}

}  // namespace edgescope
