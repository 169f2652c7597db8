#pragma once
/// @file Sha256.h
/// SHA-256 (FIPS 180-4) in plain C++: an incremental hasher plus one-shot helpers for strings and files.
/// Digests are 64-character lowercase hex strings (the format of `sha256sum`).
/// An instance is not thread-safe; the static helpers are safe to call from any thread.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace edgescope {

class Sha256 {
 public:
  Sha256() { reset(); }

  /// Feeds @p sizeBytes bytes at @p data (may be null when @p sizeBytes is 0).
  void update(const void* data, std::size_t sizeBytes);
  void update(const std::string& bytes) { update(bytes.data(), bytes.size()); }
  /// Pads, returns the digest of everything fed since construction / the last finish(), and resets the hasher.
  std::string finish();
  /// Back to the empty-message state.
  void reset();

  static std::string ofBytes(const std::string& bytes);
  /// Hashes the file at @p path, reading 1 MiB at a time. Throws Error naming the path when it cannot be read.
  static std::string ofFile(const std::string& path);

 private:
  void compress(const unsigned char* block);

  std::array<std::uint32_t, 8> state_{};
  std::array<unsigned char, 64> buffer_{};
  std::size_t bufferedBytes_ = 0;
  std::uint64_t totalBytes_ = 0;
};

}  // namespace edgescope
