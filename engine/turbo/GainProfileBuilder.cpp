#include "turbo/GainProfileBuilder.h"

#include <cmath>
#include <string>

#include "util/Error.h"

namespace edgescope {

namespace {
constexpr int kBuckets = GainProfile::kBucketCount;
}  // namespace

GainProfileBuilder::GainProfileBuilder(int maxExit) : maxExit_(maxExit) {
  if (maxExit < 0) throw Error("GainProfileBuilder: maxExit " + std::to_string(maxExit) + " must be >= 0");
  sums_.assign(kBuckets, std::vector<double>(maxExit + 1, 0.0));
  counts_.assign(kBuckets, std::vector<int>(maxExit + 1, 0));
}

void GainProfileBuilder::addSample(double d, int exit, double gainPoints) {
  if (exit < 0 || exit > maxExit_) {
    throw Error("GainProfileBuilder: exit " + std::to_string(exit) + " outside 0.." + std::to_string(maxExit_));
  }
  if (!std::isfinite(gainPoints))
    throw Error("GainProfileBuilder: gain at exit " + std::to_string(exit) + " not finite");
  const int bucket = GainProfile::bucketOf(d);  // Error for NaN d
  if (exit == 0) {
    if (gainPoints != 0.0) throw Error("GainProfileBuilder: exit 0 gain must be 0 (the plain detector)");
    return;
  }
  sums_[bucket][exit] += gainPoints;
  ++counts_[bucket][exit];
}

int GainProfileBuilder::sampleCount(int bucket, int exit) const {
  if (bucket < 0 || bucket >= kBuckets || exit < 0 || exit > maxExit_) {
    throw Error("GainProfileBuilder: cell [" + std::to_string(bucket) + "][" + std::to_string(exit) + "] out of range");
  }
  return counts_[bucket][exit];
}

GainProfile GainProfileBuilder::finish() const {
  std::vector<std::vector<double>> gains(kBuckets, std::vector<double>(maxExit_ + 1, 0.0));
  for (int e = 1; e <= maxExit_; ++e) {
    for (int b = 0; b < kBuckets; ++b) {
      // Nearest filled bucket of this exit: distance 0 first, then the lower neighbour before the upper one.
      for (int dist = 0; dist < kBuckets; ++dist) {
        const int lo = b - dist;
        const int hi = b + dist;
        const int from = (lo >= 0 && counts_[lo][e] > 0) ? lo : (hi < kBuckets && counts_[hi][e] > 0) ? hi : -1;
        if (from >= 0) {
          gains[b][e] = sums_[from][e] / counts_[from][e];
          break;
        }
      }
    }
  }
  return GainProfile(std::move(gains));
}

}  // namespace edgescope
