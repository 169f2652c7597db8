#include "util/UriQuery.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "util/Error.h"

namespace edgescope {

UriQuery UriQuery::parse(const std::string& uri) {
  UriQuery query;
  query.uri_ = uri;
  const auto qpos = uri.find('?');
  if (qpos == std::string::npos) return query;
  std::stringstream stream(uri.substr(qpos + 1));
  std::string item;
  while (std::getline(stream, item, '&')) {
    if (item.empty()) continue;
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw Error("in '" + uri + "': option '" + item + "' is not of the form key=value");
    }
    query.values_[item.substr(0, eq)] = item.substr(eq + 1);
  }
  return query;
}

std::string UriQuery::getString(const std::string& key, const std::string& fallback) const {
  const auto it = values_.find(key);
  return it == values_.end() ? fallback : it->second;
}

std::int64_t UriQuery::getInt(const std::string& key, std::int64_t fallback, std::int64_t lo, std::int64_t hi) const {
  const auto it = values_.find(key);
  if (it == values_.end()) return fallback;
  errno = 0;
  char* end = nullptr;
  const long long value = std::strtoll(it->second.c_str(), &end, 10);
  if (it->second.empty() || *end != '\0' || errno == ERANGE) {
    throw Error("in '" + uri_ + "': option '" + key + "' must be an integer, got '" + it->second + "'");
  }
  if (value < lo || value > hi) {
    throw Error("in '" + uri_ + "': option '" + key + "'=" + it->second + " is out of range [" + std::to_string(lo) +
                ", " + std::to_string(hi) + "]");
  }
  return value;
}

double UriQuery::getDouble(const std::string& key, double fallback, double lo, double hi) const {
  const auto it = values_.find(key);
  if (it == values_.end()) return fallback;
  char* end = nullptr;
  const double value = std::strtod(it->second.c_str(), &end);
  if (it->second.empty() || *end != '\0' || !std::isfinite(value)) {
    throw Error("in '" + uri_ + "': option '" + key + "' must be a number, got '" + it->second + "'");
  }
  if (value < lo || value > hi) {
    std::ostringstream msg;
    msg << "in '" << uri_ << "': option '" << key << "'=" << it->second << " is out of range [" << lo << ", " << hi
        << "]";
    throw Error(msg.str());
  }
  return value;
}

void UriQuery::requireKnownKeys(const std::string& known) const {
  const std::string padded = "," + known + ",";
  for (const auto& entry : values_) {
    if (padded.find("," + entry.first + ",") == std::string::npos) {
      throw Error("in '" + uri_ + "': unknown option '" + entry.first + "' (known: " + known + ")");
    }
  }
}

}  // namespace edgescope
