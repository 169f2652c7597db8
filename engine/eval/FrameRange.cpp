#include "eval/FrameRange.h"

#include <cstdlib>

#include "util/Error.h"

namespace edgescope {

std::vector<MotRow> FrameRange::filter(const std::vector<MotRow>& rows) const {
  std::vector<MotRow> out;
  out.reserve(rows.size());
  for (const auto& row : rows) {
    if (contains(row.frame)) out.push_back(row);
  }
  return out;
}

void FrameRange::validate() const {
  if (first < 1) throw Error("frame range " + toString() + ": the first frame must be >= 1");
  if (first > last) throw Error("frame range " + toString() + ": the first frame is after the last");
}

std::string FrameRange::toString() const {
  const bool open = last == std::numeric_limits<std::int64_t>::max();
  return std::to_string(first) + ".." + (open ? std::string() : std::to_string(last));
}

FrameRange FrameRange::parse(const std::string& text) {
  FrameRange range;
  if (text.empty()) return range;
  const auto colon = text.find(':');
  auto number = [&](const std::string& part, std::int64_t fallback) -> std::int64_t {
    if (part.empty()) return fallback;
    char* end = nullptr;
    const long long v = std::strtoll(part.c_str(), &end, 10);
    if (*end != '\0') throw Error("frame range must be A:B with 1-based frame numbers, got '" + text + "'");
    return v;
  };
  range.first = number(colon == std::string::npos ? text : text.substr(0, colon), 1);
  range.last = colon == std::string::npos ? range.first : number(text.substr(colon + 1), range.last);
  if (range.first < 1 || range.last < range.first) throw Error("empty frame range " + text + " (need 1 ≤ A ≤ B)");
  return range;
}

}  // namespace edgescope
