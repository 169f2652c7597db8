#include "cli/CliOptions.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>

#include "util/Error.h"

namespace edgescope {

CliOptions::CliOptions(int argc, char** argv, int first, const std::vector<std::string>& valued,
                       const std::vector<std::string>& flags) {
  for (int i = first; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--", 0) != 0) throw Error("unexpected argument '" + arg + "'");
    std::string name = arg.substr(2);
    std::string value;
    const auto eq = name.find('=');
    const bool inlineValue = eq != std::string::npos;
    if (inlineValue) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (std::find(flags.begin(), flags.end(), name) != flags.end()) {
      values_[name] = "1";
    } else if (std::find(valued.begin(), valued.end(), name) != valued.end()) {
      if (!inlineValue) {
        if (i + 1 >= argc) throw Error("option --" + name + " needs a value");
        value = argv[++i];
      }
      values_[name] = value;
      all_[name].push_back(value);
    } else {
      throw Error("unknown option --" + name);
    }
  }
}

std::vector<std::string> CliOptions::getAll(const std::string& name) const {
  const auto it = all_.find(name);
  return it == all_.end() ? std::vector<std::string>{} : it->second;
}

std::string CliOptions::get(const std::string& name, const char* fallback) const {
  const auto it = values_.find(name);
  if (it != values_.end()) return it->second;
  if (!fallback) throw Error("missing required option --" + name);
  return fallback;
}

std::int64_t CliOptions::getInt(const std::string& name, std::int64_t fallback, std::int64_t lo,
                                std::int64_t hi) const {
  const auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(it->second.c_str(), &end, 10);
  if (it->second.empty() || *end != '\0' || errno == ERANGE) throw Error("option --" + name + " must be an integer, got '" + it->second + "'");
  if (v < lo || v > hi) {
    throw Error("option --" + name + " must be in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " +
                it->second);
  }
  return v;
}

}  // namespace edgescope
