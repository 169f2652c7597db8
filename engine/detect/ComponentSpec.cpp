#include "detect/ComponentSpec.h"

#include "util/Error.h"

namespace edgescope {

ComponentSpec ComponentSpec::parse(const std::string& spec) {
  if (spec.empty()) throw Error("empty detector/embedder spec");
  ComponentSpec parsed;
  parsed.text_ = spec;
  const auto query = spec.find('?');
  const std::string head = spec.substr(0, query);
  const auto colon = head.find(':');
  parsed.scheme_ = head.substr(0, colon);
  if (colon != std::string::npos) parsed.path_ = head.substr(colon + 1);
  if (parsed.scheme_.empty()) throw Error("in '" + spec + "': missing scheme before ':' or '?'");
  parsed.options_ = UriQuery::parse(spec);
  return parsed;
}

void ComponentSpec::requirePath(const std::string& what) const {
  if (path_.empty()) throw Error("in '" + text_ + "': '" + scheme_ + "' needs " + what + " (" + scheme_ + ":PATH)");
}

void ComponentSpec::forbidPath() const {
  if (!path_.empty()) throw Error("in '" + text_ + "': '" + scheme_ + "' takes no file, got '" + path_ + "'");
}

}  // namespace edgescope
