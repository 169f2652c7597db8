#pragma once
/// @file CurveKeyPair.h
/// A ZeroMQ CURVE key pair (Curve25519) as Z85 text (40 characters per key), generated with zmq_curve_keypair and
/// kept in two files: DIR/NAME.public (the key, a newline) and DIR/NAME.secret (mode 0600). '#' lines are comments.

#include <string>

namespace edgescope {

/// Value type; any thread.
class CurveKeyPair {
 public:
  static constexpr std::size_t kZ85KeyChars = 40;

  /// A fresh key pair. Throws Error when libzmq was built without CURVE.
  static CurveKeyPair generate();
  /// Reads DIR/NAME.public and DIR/NAME.secret. Throws Error naming the file when one is missing, holds no valid
  /// key, when the secret file can be read by group or others (mode must be 0600 or stricter), or when the public
  /// key does not belong to the secret key.
  static CurveKeyPair load(const std::string& dir, const std::string& name = "node");
  /// Writes both files (creates DIR; the secret file is created with mode 0600, never world-readable even briefly).
  /// Throws Error naming the file when it cannot be written.
  void save(const std::string& dir, const std::string& name = "node") const;

  /// The first valid Z85 key in the text file @p path (blank lines and '#' comments skipped). Throws Error naming the
  /// file and line when there is none or a non-comment line is not a key.
  static std::string readKeyFile(const std::string& path);
  /// Whether @p key is 40 Z85 characters that decode to 32 bytes.
  static bool isValidKey(const std::string& key);
  /// The public key of @p secretKey (zmq_curve_public). Throws Error when @p secretKey is not a valid key.
  static std::string publicKeyOf(const std::string& secretKey);
  /// First 8 characters, for logs (never log a secret key).
  static std::string shortId(const std::string& publicKey) { return publicKey.substr(0, 8); }

  const std::string& publicKey() const { return publicKey_; }
  const std::string& secretKey() const { return secretKey_; }

 private:
  CurveKeyPair(std::string publicKey, std::string secretKey);

  std::string publicKey_;
  std::string secretKey_;
};

}  // namespace edgescope
