#include "deepscale/ResolutionHistogram.h"

#include <algorithm>

#include "deepscale/ResolutionLadder.h"

namespace edgescope {

void ResolutionHistogram::add(cv::Size size) {
  ++total_;
  for (auto& entry : counts_) {
    if (entry.first == size) {
      ++entry.second;
      return;
    }
  }
  counts_.emplace_back(size, 1);
}

double ResolutionHistogram::fraction(cv::Size size) const {
  if (total_ == 0) return 0.0;
  for (const auto& entry : counts_) {
    if (entry.first == size) return static_cast<double>(entry.second) / static_cast<double>(total_);
  }
  return 0.0;
}

std::vector<ResolutionHistogram::Bin> ResolutionHistogram::bins() const {
  std::vector<Bin> out;
  out.reserve(counts_.size());
  for (const auto& entry : counts_) {
    out.push_back({entry.first, ResolutionLadder::label(entry.first), entry.second,
                   static_cast<double>(entry.second) / static_cast<double>(total_)});
  }
  std::sort(out.begin(), out.end(), [](const Bin& a, const Bin& b) {
    const std::int64_t areaA = static_cast<std::int64_t>(a.size.width) * a.size.height;
    const std::int64_t areaB = static_cast<std::int64_t>(b.size.width) * b.size.height;
    return areaA != areaB ? areaA > areaB : a.size.width > b.size.width;
  });
  return out;
}

}  // namespace edgescope
