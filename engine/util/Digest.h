#pragma once
/// @file Digest.h
/// SHA-256 digests (FIPS 180-4) through libsodium's crypto_hash_sha256, as 64-character lowercase hex strings (the
/// format of `sha256sum`). Stateless; safe to call from any thread.

#include <string>

namespace edgescope {

class Digest {
 public:
  /// SHA-256 of @p bytes.
  static std::string sha256(const std::string& bytes);
  /// SHA-256 of the file at @p path, read 1 MiB at a time. Throws Error naming the path when it cannot be read.
  static std::string sha256OfFile(const std::string& path);
};

}  // namespace edgescope
