#include "ams/SparseUpdateCodec.h"

#include <cstring>
#include <limits>

#include "ams/HalfFloat.h"
#include "ams/ParameterDigest.h"
#include "util/Error.h"

namespace edgescope {
namespace {

constexpr char kMagic[4] = {'E', 'S', 'S', 'U'};
constexpr char kHexDigits[] = "0123456789abcdef";

void putLe(std::string& out, std::uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

std::uint64_t getLe(const unsigned char* in, int bytes) {
  std::uint64_t value = 0;
  for (int i = 0; i < bytes; ++i) value |= static_cast<std::uint64_t>(in[i]) << (8 * i);
  return value;
}

int hexValue(char c) { return c <= '9' ? c - '0' : c - 'a' + 10; }  // validate() has checked the digits

std::string toHex(const unsigned char* raw) {
  std::string hex;
  for (std::size_t i = 0; i < SparseUpdateCodec::kDigestBytes; ++i) {
    hex.push_back(kHexDigits[raw[i] >> 4]);
    hex.push_back(kHexDigits[raw[i] & 0xf]);
  }
  return hex;
}

std::string assemble(const SparseUpdate& update, IndexCoding coding, const std::string& indexBlock,
                     SparseUpdateCodec::Stats* stats) {
  if (indexBlock.size() > std::numeric_limits<std::uint32_t>::max()) {
    SparseUpdate::fail("indices", "index block over 4 GiB");
  }
  const std::size_t count = update.indices.size();
  std::string out;
  out.reserve(SparseUpdateCodec::kHeaderBytes + indexBlock.size() + 2 * count + SparseUpdateCodec::kDigestBytes);
  out.append(kMagic, sizeof kMagic);
  putLe(out, SparseUpdateCodec::kFormatVersion, 2);
  putLe(out, static_cast<std::uint8_t>(coding), 1);
  putLe(out, 0, 1);  // flags
  putLe(out, update.version, 8);
  putLe(out, update.baseVersion, 8);
  putLe(out, update.layoutHash, 8);
  putLe(out, update.parameterCount, 4);
  putLe(out, count, 4);
  putLe(out, indexBlock.size(), 4);
  out += indexBlock;
  for (std::uint16_t value : update.values) putLe(out, value, 2);
  for (std::size_t i = 0; i < SparseUpdateCodec::kDigestBytes; ++i) {
    out.push_back(
        static_cast<char>(hexValue(update.resultSha256[2 * i]) * 16 + hexValue(update.resultSha256[2 * i + 1])));
  }
  if (stats != nullptr) {
    stats->coding = coding;
    stats->headerBytes = SparseUpdateCodec::kHeaderBytes;
    stats->indexBytes = indexBlock.size();
    stats->valueBytes = 2 * count;
    stats->digestBytes = SparseUpdateCodec::kDigestBytes;
    stats->totalBytes = out.size();
    stats->bitsPerStreamedParameter = count == 0 ? 0.0 : 8.0 * static_cast<double>(out.size()) / count;
  }
  return out;
}

}  // namespace

std::string SparseUpdateCodec::encode(const SparseUpdate& update, Stats* stats) {
  update.validate();
  const std::string bitmap = SparseIndexCoder::encode(update.indices, update.parameterCount, IndexCoding::Bitmap);
  const std::string gaps = SparseIndexCoder::encode(update.indices, update.parameterCount, IndexCoding::Gaps);
  const bool useBitmap = bitmap.size() < gaps.size();
  std::string out =
      assemble(update, useBitmap ? IndexCoding::Bitmap : IndexCoding::Gaps, useBitmap ? bitmap : gaps, stats);
  if (stats != nullptr) {
    stats->bitmapBytes = bitmap.size();
    stats->gapBytes = gaps.size();
  }
  return out;
}

std::string SparseUpdateCodec::encode(const SparseUpdate& update, IndexCoding coding, Stats* stats) {
  update.validate();
  if (coding != IndexCoding::Bitmap && coding != IndexCoding::Gaps) {
    SparseUpdate::fail("indexCoding", "unknown coding " + std::to_string(static_cast<int>(coding)));
  }
  return assemble(update, coding, SparseIndexCoder::encode(update.indices, update.parameterCount, coding), stats);
}

SparseUpdate SparseUpdateCodec::decode(const std::string& bytes) {
  return decode(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

SparseUpdate SparseUpdateCodec::decode(const unsigned char* bytes, std::size_t size) {
  if (size < kHeaderBytes) {
    SparseUpdate::fail("header", "truncated: " + std::to_string(size) + " bytes, the header alone needs " +
                                     std::to_string(kHeaderBytes));
  }
  if (std::memcmp(bytes, kMagic, sizeof kMagic) != 0) SparseUpdate::fail("magic", "not \"ESSU\"");
  const auto formatVersion = getLe(bytes + 4, 2);
  if (formatVersion != kFormatVersion) {
    SparseUpdate::fail("formatVersion",
                       std::to_string(formatVersion) + ", this build reads " + std::to_string(kFormatVersion));
  }
  const auto coding = static_cast<IndexCoding>(bytes[6]);
  if (coding != IndexCoding::Bitmap && coding != IndexCoding::Gaps) {
    SparseUpdate::fail("indexCoding", "unknown coding " + std::to_string(bytes[6]) + " (1 bitmap, 2 gaps)");
  }
  if (bytes[7] != 0) SparseUpdate::fail("flags", std::to_string(bytes[7]) + ", expected 0");
  SparseUpdate update;
  update.version = getLe(bytes + 8, 8);
  update.baseVersion = getLe(bytes + 16, 8);
  update.layoutHash = getLe(bytes + 24, 8);
  update.parameterCount = static_cast<std::uint32_t>(getLe(bytes + 32, 4));
  const auto count = static_cast<std::uint32_t>(getLe(bytes + 36, 4));
  const std::uint64_t indexBytes = getLe(bytes + 40, 4);
  const std::uint64_t expected = kHeaderBytes + indexBytes + 2 * static_cast<std::uint64_t>(count) + kDigestBytes;
  if (size != expected) {
    SparseUpdate::fail("length", std::to_string(size) + " bytes, the header announces " + std::to_string(expected) +
                                     (size < expected ? " (truncated)" : " (trailing bytes)"));
  }
  if (count > update.parameterCount) {
    SparseUpdate::fail("count",
                       std::to_string(count) + " values for " + std::to_string(update.parameterCount) + " parameters");
  }
  const unsigned char* index = bytes + kHeaderBytes;
  update.indices = SparseIndexCoder::decode(index, indexBytes, coding, update.parameterCount, count);
  const unsigned char* values = index + indexBytes;
  update.values.resize(count);
  for (std::uint32_t i = 0; i < count; ++i) update.values[i] = static_cast<std::uint16_t>(getLe(values + 2 * i, 2));
  update.resultSha256 = toHex(values + 2 * static_cast<std::size_t>(count));
  update.validate();  // NaN and Inf values; the index checks repeat cheaply
  return update;
}

void SparseUpdateCodec::apply(const SparseUpdate& update, std::vector<float>& parameters,
                              std::uint64_t expectedBaseVersion, std::optional<std::uint64_t> expectedLayoutHash) {
  if (update.baseVersion != expectedBaseVersion) {
    SparseUpdate::fail("baseVersion", "the update applies to version " + std::to_string(update.baseVersion) +
                                          ", the parameters are at version " + std::to_string(expectedBaseVersion));
  }
  if (expectedLayoutHash && update.layoutHash != *expectedLayoutHash) {
    SparseUpdate::fail("layoutHash", "the update indexes layout " + std::to_string(update.layoutHash) +
                                         ", the parameters have layout " + std::to_string(*expectedLayoutHash));
  }
  if (parameters.size() != update.parameterCount) {
    SparseUpdate::fail("parameterCount", "the update indexes " + std::to_string(update.parameterCount) +
                                             " parameters, the vector holds " + std::to_string(parameters.size()));
  }
  update.validate();
  std::vector<float> previous(update.indices.size());  // to restore on a digest mismatch
  for (std::size_t i = 0; i < update.indices.size(); ++i) {
    previous[i] = parameters[update.indices[i]];
    parameters[update.indices[i]] = HalfFloat::toFloat(update.values[i]);
  }
  const std::string digest = ParameterDigest::sha256(parameters);
  if (digest != update.resultSha256) {
    for (std::size_t i = 0; i < update.indices.size(); ++i) parameters[update.indices[i]] = previous[i];
    SparseUpdate::fail("resultSha256", "the parameters after the update have sha256 " + digest +
                                           ", the update expects " + update.resultSha256 +
                                           " (wrong base or corrupt values)");
  }
}

SparseUpdate SparseUpdateCodec::build(std::uint64_t version, std::uint64_t baseVersion, std::uint64_t layoutHash,
                                      std::vector<std::uint32_t> indices, std::vector<float>& parameters) {
  if (parameters.size() > std::numeric_limits<std::uint32_t>::max()) {
    SparseUpdate::fail("parameterCount", std::to_string(parameters.size()) + " parameters, at most 2^32 - 1");
  }
  SparseUpdate update;
  update.version = version;
  update.baseVersion = baseVersion;
  update.layoutHash = layoutHash;
  update.parameterCount = static_cast<std::uint32_t>(parameters.size());
  update.indices = std::move(indices);
  update.values.reserve(update.indices.size());
  for (std::uint32_t index : update.indices) {
    update.values.push_back(index < parameters.size() ? HalfFloat::fromFloat(parameters[index]) : std::uint16_t{0});
  }
  update.resultSha256.assign(64, '0');  // placeholder so that validate() checks indices and values now
  update.validate();
  for (std::size_t i = 0; i < update.indices.size(); ++i) {
    parameters[update.indices[i]] = HalfFloat::toFloat(update.values[i]);
  }
  update.resultSha256 = ParameterDigest::sha256(parameters);
  return update;
}

}  // namespace edgescope
