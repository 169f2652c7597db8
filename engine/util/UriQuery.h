#pragma once
/// @file UriQuery.h
/// Parses "scheme:?key=value&key=value" style option strings with typed, range-checked accessors. Errors name the
/// offending key and value.

#include <cstdint>
#include <map>
#include <string>

namespace edgescope {

class UriQuery {
 public:
  /// Parses everything after the first '?' of @p uri (no '?' → no options). Throws Error on "key" without '='
  /// or an empty key.
  static UriQuery parse(const std::string& uri);

  bool has(const std::string& key) const { return values_.count(key) != 0; }
  std::string getString(const std::string& key, const std::string& fallback) const;
  /// Integer in [lo, hi]; throws Error naming the key when not an integer or out of range.
  std::int64_t getInt(const std::string& key, std::int64_t fallback, std::int64_t lo, std::int64_t hi) const;
  /// Number in [lo, hi]; throws Error naming the key when not a number or out of range.
  double getDouble(const std::string& key, double fallback, double lo, double hi) const;
  /// Throws Error naming the first key that is not in @p known (comma-separated list) — catches typos.
  void requireKnownKeys(const std::string& known) const;
  const std::map<std::string, std::string>& values() const { return values_; }

 private:
  std::string uri_;
  std::map<std::string, std::string> values_;
};

}  // namespace edgescope
