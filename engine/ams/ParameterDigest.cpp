#include "ams/ParameterDigest.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include <sodium.h>

namespace edgescope {

std::string ParameterDigest::sha256(const float* data, std::size_t count) {
  static const int kInit = sodium_init();  // idempotent; hashing needs no entropy, so its result is not fatal
  (void)kInit;
  constexpr std::size_t kChunkFloats = 16384;          // 64 KiB of bytes per update call
  std::vector<unsigned char> bytes(kChunkFloats * 4);  // on the heap: callers' threads may have small stacks
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  for (std::size_t begin = 0; begin < count; begin += kChunkFloats) {
    const std::size_t n = std::min(kChunkFloats, count - begin);
    for (std::size_t i = 0; i < n; ++i) {
      std::uint32_t bits = 0;
      std::memcpy(&bits, data + begin + i, sizeof bits);
      unsigned char* out = bytes.data() + 4 * i;
      out[0] = static_cast<unsigned char>(bits);
      out[1] = static_cast<unsigned char>(bits >> 8);
      out[2] = static_cast<unsigned char>(bits >> 16);
      out[3] = static_cast<unsigned char>(bits >> 24);
    }
    crypto_hash_sha256_update(&state, bytes.data(), 4 * n);
  }
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, digest);
  char text[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(text, sizeof text, digest, sizeof digest);
  return text;
}

}  // namespace edgescope
