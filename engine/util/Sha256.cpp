#include "util/Sha256.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "util/Error.h"

namespace edgescope {

namespace {

constexpr std::size_t kFileChunkBytes = 1 << 20;

constexpr std::uint32_t kRoundConstants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

}  // namespace

void Sha256::reset() {
  state_ = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  bufferedBytes_ = 0;
  totalBytes_ = 0;
}

void Sha256::compress(const unsigned char* block) {
  std::uint32_t w[64];
  for (int t = 0; t < 16; ++t) {
    w[t] = (std::uint32_t{block[4 * t]} << 24) | (std::uint32_t{block[4 * t + 1]} << 16) |
           (std::uint32_t{block[4 * t + 2]} << 8) | std::uint32_t{block[4 * t + 3]};
  }
  for (int t = 16; t < 64; ++t) {
    const std::uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
    const std::uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
    w[t] = w[t - 16] + s0 + w[t - 7] + s1;
  }
  std::uint32_t a = state_[0], b = state_[1], c = state_[2], d = state_[3];
  std::uint32_t e = state_[4], f = state_[5], g = state_[6], h = state_[7];
  for (int t = 0; t < 64; ++t) {
    const std::uint32_t sum1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
    const std::uint32_t choose = (e & f) ^ (~e & g);
    const std::uint32_t t1 = h + sum1 + choose + kRoundConstants[t] + w[t];
    const std::uint32_t sum0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
    const std::uint32_t majority = (a & b) ^ (a & c) ^ (b & c);
    const std::uint32_t t2 = sum0 + majority;
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  state_[0] += a;
  state_[1] += b;
  state_[2] += c;
  state_[3] += d;
  state_[4] += e;
  state_[5] += f;
  state_[6] += g;
  state_[7] += h;
}

void Sha256::update(const void* data, std::size_t sizeBytes) {
  if (sizeBytes == 0) return;
  const auto* bytes = static_cast<const unsigned char*>(data);
  totalBytes_ += sizeBytes;
  if (bufferedBytes_ > 0) {
    const std::size_t take = std::min(sizeBytes, buffer_.size() - bufferedBytes_);
    std::memcpy(buffer_.data() + bufferedBytes_, bytes, take);
    bufferedBytes_ += take;
    bytes += take;
    sizeBytes -= take;
    if (bufferedBytes_ < buffer_.size()) return;
    compress(buffer_.data());
    bufferedBytes_ = 0;
  }
  for (; sizeBytes >= buffer_.size(); bytes += buffer_.size(), sizeBytes -= buffer_.size()) compress(bytes);
  std::memcpy(buffer_.data(), bytes, sizeBytes);
  bufferedBytes_ = sizeBytes;
}

std::string Sha256::finish() {
  const std::uint64_t totalBits = totalBytes_ * 8;
  unsigned char padding[72] = {0x80};
  const std::size_t padBytes = (bufferedBytes_ < 56 ? 56 : 120) - bufferedBytes_;
  for (int i = 0; i < 8; ++i) padding[padBytes + i] = static_cast<unsigned char>(totalBits >> (56 - 8 * i));
  update(padding, padBytes + 8);
  static const char kHex[] = "0123456789abcdef";
  std::string digest;
  digest.reserve(64);
  for (std::uint32_t word : state_) {
    for (int shift = 28; shift >= 0; shift -= 4) digest += kHex[(word >> shift) & 0xF];
  }
  reset();
  return digest;
}

std::string Sha256::ofBytes(const std::string& bytes) {
  Sha256 hasher;
  hasher.update(bytes);
  return hasher.finish();
}

std::string Sha256::ofFile(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) throw Error("cannot open '" + path + "' for hashing: " + std::strerror(errno));
  std::vector<unsigned char> chunk(kFileChunkBytes);
  Sha256 hasher;
  std::size_t count = 0;
  while ((count = std::fread(chunk.data(), 1, chunk.size(), file.get())) > 0) hasher.update(chunk.data(), count);
  if (std::ferror(file.get())) throw Error("cannot read '" + path + "' for hashing: " + std::strerror(errno));
  return hasher.finish();
}

}  // namespace edgescope
