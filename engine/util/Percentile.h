#pragma once
/// @file Percentile.h
/// Nearest-rank percentiles and the mean of a sample (benchmarks and reports). Pure functions; any thread.

#include <algorithm>
#include <cmath>
#include <vector>

namespace edgescope {

class Percentile {
 public:
  /// The @p p-th percentile (0–100, nearest rank) of @p values; 0 for an empty sample.
  static double of(std::vector<double> values, double p) {
    if (values.empty()) return 0.0;
    const double rank = std::ceil(std::clamp(p, 0.0, 100.0) / 100.0 * values.size());
    const auto index = static_cast<std::size_t>(std::max(1.0, rank)) - 1;
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(index), values.end());
    return values[index];
  }
  static double median(std::vector<double> values) { return of(std::move(values), 50.0); }
  /// The arithmetic mean of @p values; 0 for an empty sample.
  static double mean(const std::vector<double>& values) {
    double sum = 0.0;
    for (double v : values) sum += v;
    return values.empty() ? 0.0 : sum / static_cast<double>(values.size());
  }
};

}  // namespace edgescope
