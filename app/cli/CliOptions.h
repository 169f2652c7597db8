#pragma once
/// @file CliOptions.h
/// "--key value" / "--flag" argument parsing for edgescope-cli subcommands, with typed accessors whose errors name
/// the option.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace edgescope {

class CliOptions {
 public:
  /// Parses argv[first..argc). @p flags lists options that take no value (e.g. {"json"}). Throws Error on an
  /// unknown option (not in @p valued or @p flags) or a missing value.
  CliOptions(int argc, char** argv, int first, const std::vector<std::string>& valued,
             const std::vector<std::string>& flags);
  bool has(const std::string& name) const { return values_.count(name) != 0; }
  /// Value of --@p name; throws Error "missing required option --NAME" when absent and @p fallback is null.
  std::string get(const std::string& name, const char* fallback = nullptr) const;
  /// Every value of an option given several times, in order (get() returns the last).
  std::vector<std::string> getAll(const std::string& name) const;
  std::int64_t getInt(const std::string& name, std::int64_t fallback, std::int64_t lo, std::int64_t hi) const;

 private:
  std::map<std::string, std::string> values_;
  std::map<std::string, std::vector<std::string>> all_;
};

}  // namespace edgescope
