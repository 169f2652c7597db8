#include "degrade/DegradationSpec.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>

#include "util/Error.h"

namespace edgescope {
namespace {

const char* const kKeys = "seed, share, kinds, strength, episode";

Error specError(const std::string& key, const std::string& value, const std::string& message) {
  return Error("degrade spec: " + key + "=" + value + ": " + message);
}

double parseNumber(const std::string& key, const std::string& text, const std::string& value) {
  char* end = nullptr;
  errno = 0;
  const double number = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || errno == ERANGE || !std::isfinite(number)) {
    throw specError(key, value, "'" + text + "' is not a number");
  }
  return number;
}

/// "A:B" or "A" (= "A:A").
void parseRange(const std::string& key, const std::string& value, double* lo, double* hi) {
  const auto colon = value.find(':');
  *lo = parseNumber(key, value.substr(0, colon), value);
  *hi = colon == std::string::npos ? *lo : parseNumber(key, value.substr(colon + 1), value);
  if (*lo > *hi) throw specError(key, value, "min > max");
}

std::uint64_t parseSeed(const std::string& value) {
  if (value.empty() || value.size() > 20 || value.find_first_not_of("0123456789") != std::string::npos) {
    throw specError("seed", value, "expected a non-negative integer");
  }
  errno = 0;
  const unsigned long long seed = std::strtoull(value.c_str(), nullptr, 10);
  if (errno == ERANGE) throw specError("seed", value, "too large");
  return seed;
}

/// Shortest decimal text that reads back as exactly @p value.
std::string shortest(double value) {
  char buffer[32];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, value);
    if (std::strtod(buffer, nullptr) == value) break;
  }
  return buffer;
}

std::vector<std::string> splitCommas(const std::string& text) {
  std::vector<std::string> tokens;
  std::size_t start = 0;
  while (true) {
    const auto comma = text.find(',', start);
    tokens.push_back(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) return tokens;
    start = comma + 1;
  }
}

}  // namespace

DegradationSpec DegradationSpec::parse(const std::string& text) {
  DegradationSpec spec;
  if (text.empty()) return spec;
  if (text == "off") {
    spec.kinds.clear();
    return spec;
  }
  std::set<std::string> seen;
  bool inKinds = false;
  std::string kindsValue;
  for (const std::string& token : splitCommas(text)) {
    const auto eq = token.find('=');
    if (eq == std::string::npos) {
      if (!inKinds) {
        throw Error("degrade spec: '" + token + "' is not key=value (keys: " + std::string(kKeys) + ")");
      }
      if (token.empty()) throw specError("kinds", kindsValue, "empty kind");
      if (spec.kinds.empty() && kindsValue == "off")
        throw specError("kinds", kindsValue + "," + token, "'off' is alone");
      DegradationKind kind;
      if (!parseKind(token, &kind) || kind == DegradationKind::None) {
        throw specError("kinds", token, "unknown kind (dark, motion, defocus, noise, jpeg, lowres or off)");
      }
      if (std::find(spec.kinds.begin(), spec.kinds.end(), kind) != spec.kinds.end()) {
        throw specError("kinds", token, "listed twice");
      }
      spec.kinds.push_back(kind);
      kindsValue += "," + token;
      continue;
    }
    const std::string key = token.substr(0, eq);
    const std::string value = token.substr(eq + 1);
    inKinds = false;
    if (!seen.insert(key).second &&
        (key == "seed" || key == "share" || key == "kinds" || key == "strength" || key == "episode")) {
      throw specError(key, value, "key given twice");
    }
    if (key == "seed") {
      spec.seed = parseSeed(value);
    } else if (key == "share") {
      spec.share = parseNumber(key, value, value);
      if (spec.share < 0.0 || spec.share > 1.0) throw specError(key, value, "must be in [0, 1]");
    } else if (key == "strength") {
      parseRange(key, value, &spec.strengthMin, &spec.strengthMax);
      if (spec.strengthMin < 0.0 || spec.strengthMax > 1.0) throw specError(key, value, "must be in [0, 1]");
    } else if (key == "episode") {
      parseRange(key, value, &spec.episodeMinS, &spec.episodeMaxS);
      if (spec.episodeMinS <= 0.0) throw specError(key, value, "episode lengths must be > 0 seconds");
    } else if (key == "kinds") {
      spec.kinds.clear();
      kindsValue = value;
      inKinds = true;
      if (value == "off") continue;
      if (value.empty()) throw specError(key, value, "no kinds (list kinds or write off)");
      DegradationKind kind;
      if (!parseKind(value, &kind) || kind == DegradationKind::None) {
        throw specError(key, value, "unknown kind (dark, motion, defocus, noise, jpeg, lowres or off)");
      }
      spec.kinds.push_back(kind);
    } else {
      throw specError(key, value, "unknown key (keys: " + std::string(kKeys) + ")");
    }
  }
  return spec;
}

std::string DegradationSpec::toString() const {
  std::string kindsText;
  for (DegradationKind kind : kinds) kindsText += std::string(kindsText.empty() ? "" : ",") + kindName(kind);
  if (kindsText.empty()) kindsText = "off";
  return "seed=" + std::to_string(seed) + ",share=" + shortest(share) + ",kinds=" + kindsText +
         ",strength=" + shortest(strengthMin) + ":" + shortest(strengthMax) + ",episode=" + shortest(episodeMinS) +
         ":" + shortest(episodeMaxS);
}

bool DegradationSpec::operator==(const DegradationSpec& other) const {
  return seed == other.seed && share == other.share && kinds == other.kinds && strengthMin == other.strengthMin &&
         strengthMax == other.strengthMax && episodeMinS == other.episodeMinS && episodeMaxS == other.episodeMaxS;
}

}  // namespace edgescope
