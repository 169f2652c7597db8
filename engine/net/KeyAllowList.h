#pragma once
/// @file KeyAllowList.h
/// The client public keys a node accepts: a text file with one Z85 key per line ('#' comments, blank lines), or a
/// folder whose *.public files each hold one key (as CurveKeyPair::save writes them).

#include <set>
#include <string>

namespace edgescope {

/// Value type. Filled once, then read-only: contains() from any thread.
class KeyAllowList {
 public:
  static constexpr int kMaxKeys = 10000;

  KeyAllowList() = default;
  /// Reads @p path (file or folder, see above). Throws Error naming the file and line for a malformed key, a missing
  /// path, or more than kMaxKeys keys. An empty folder gives an empty list (every client refused).
  static KeyAllowList load(const std::string& path);

  void add(const std::string& publicKey);  ///< Throws Error when @p publicKey is not a valid Z85 key.
  bool contains(const std::string& publicKey) const { return keys_.count(publicKey) > 0; }
  int size() const { return static_cast<int>(keys_.size()); }

 private:
  void addFile(const std::string& path, bool manyKeys);

  std::set<std::string> keys_;
};

}  // namespace edgescope
