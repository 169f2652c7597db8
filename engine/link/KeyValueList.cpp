#include "link/KeyValueList.h"

#include <cmath>
#include <cstdlib>
#include <sstream>

#include "util/Error.h"

namespace edgescope {

namespace {

std::string trim(const std::string& text) {
  const char* const kBlanks = " \t\r\n\f\v";
  const auto first = text.find_first_not_of(kBlanks);
  return first == std::string::npos ? std::string() : text.substr(first, text.find_last_not_of(kBlanks) - first + 1);
}

}  // namespace

KeyValueList KeyValueList::parse(const std::string& owner, const std::string& text) {
  KeyValueList list;
  list.owner_ = owner;
  list.text_ = text;
  std::stringstream stream(text);
  std::string raw;
  while (std::getline(stream, raw, ',')) {
    const std::string entry = trim(raw);
    if (entry.empty()) continue;
    const auto eq = entry.find('=');
    if (eq == std::string::npos) {
      list.items_.push_back({"", entry});
      continue;
    }
    Item item{trim(entry.substr(0, eq)), trim(entry.substr(eq + 1))};
    if (item.key.empty()) throw Error(list.fieldError(entry, "the field name is missing before '='"));
    if (item.value.empty()) throw Error(list.fieldError(item.key, "the value is missing after '='"));
    list.items_.push_back(item);
  }
  return list;
}

double KeyValueList::number(const Item& item, double lo, double hi) const {
  char* end = nullptr;
  const double value = std::strtod(item.value.c_str(), &end);
  if (end == item.value.c_str() || *end != '\0' || !std::isfinite(value)) {
    throw Error(fieldError(item.key, "'" + item.value + "' is not a number"));
  }
  if (value < lo || value > hi) {
    std::ostringstream range;
    range << item.value << " is outside [" << lo << ", " << hi << "]";
    throw Error(fieldError(item.key, range.str()));
  }
  return value;
}

long long KeyValueList::integer(const Item& item, long long lo, long long hi) const {
  const double value = number(item, static_cast<double>(lo), static_cast<double>(hi));
  if (std::floor(value) != value) throw Error(fieldError(item.key, "'" + item.value + "' is not a whole number"));
  return static_cast<long long>(value);
}

std::string KeyValueList::fieldError(const std::string& key, const std::string& message) const {
  return owner_ + ": in '" + text_ + "': field '" + key + "': " + message;
}

}  // namespace edgescope
