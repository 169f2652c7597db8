#include "turbo/DifficultyScore.h"

#include <algorithm>

namespace edgescope {

double DifficultyScore::fromConfidences(const std::vector<float>& scores, double floor, bool tracksPredictPeople) {
  double sum = 0.0;
  int count = 0;
  for (float s : scores) {
    if (static_cast<double>(s) >= floor) {  // false for NaN
      sum += s;
      ++count;
    }
  }
  if (count == 0) return tracksPredictPeople ? 1.0 : 0.0;
  return std::clamp(1.0 - sum / count, 0.0, 1.0);
}

}  // namespace edgescope
