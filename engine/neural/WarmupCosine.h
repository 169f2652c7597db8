#pragma once
/// @file WarmupCosine.h
/// The learning-rate schedule of the project's trainers (JdeTrainer, PatchTrainer): linear warm-up over
/// @p warmupSteps, then cosine decay to 5 % of @p peak at @p steps. Pure function; any thread.

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace edgescope {

inline double warmupCosine(std::int64_t step, std::int64_t steps, std::int64_t warmupSteps, double peak) {
  if (step < warmupSteps) return peak * static_cast<double>(step + 1) / static_cast<double>(warmupSteps);
  const double progress =
      static_cast<double>(step - warmupSteps) / static_cast<double>(std::max<std::int64_t>(1, steps - warmupSteps));
  return peak * (0.05 + 0.95 * 0.5 * (1.0 + std::cos(M_PI * std::min(1.0, progress))));
}

}  // namespace edgescope
