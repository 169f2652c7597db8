#include "util/Digest.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include <sodium.h>

#include "util/Error.h"

namespace edgescope {
namespace {

void initSodium() {
  // sodium_init is thread-safe and idempotent; it fails only when the system has no usable entropy source, which
  // hashing does not need, so the result is not fatal here.
  static const int kInit = sodium_init();
  (void)kInit;
}

std::string hex(const unsigned char (&digest)[crypto_hash_sha256_BYTES]) {
  char text[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(text, sizeof text, digest, sizeof digest);
  return text;
}

}  // namespace

std::string Digest::sha256(const std::string& bytes) {
  initSodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return hex(digest);
}

std::string Digest::sha256OfFile(const std::string& path) {
  initSodium();
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) throw Error("cannot open '" + path + "' for hashing: " + std::strerror(errno));
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  std::vector<unsigned char> buffer(std::size_t{1} << 20);
  std::size_t got = 0;
  while ((got = std::fread(buffer.data(), 1, buffer.size(), file.get())) > 0) {
    crypto_hash_sha256_update(&state, buffer.data(), got);
  }
  // A folder opens but fails to read (EISDIR): that is an error, not the digest of an empty file.
  if (std::ferror(file.get())) throw Error("cannot read '" + path + "' for hashing: " + std::strerror(errno));
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, digest);
  return hex(digest);
}

}  // namespace edgescope
