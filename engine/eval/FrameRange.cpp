#include "eval/FrameRange.h"

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

}  // namespace edgescope
