#include "detect/Embedder.h"

#include <cmath>

namespace edgescope {

void Embedder::normalizeL2(std::vector<float>& vector) {
  double sumSquares = 0.0;
  for (float v : vector) sumSquares += static_cast<double>(v) * v;
  const double norm = std::sqrt(sumSquares);
  if (!(norm > 0.0) || !std::isfinite(norm)) {
    for (float& v : vector) v = 0.0f;
    return;
  }
  for (float& v : vector) v = static_cast<float>(v / norm);
}

float Embedder::cosineSimilarity(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.empty() || a.size() != b.size()) return 0.0f;
  double dot = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) dot += static_cast<double>(a[i]) * b[i];
  return static_cast<float>(dot);
}

}  // namespace edgescope
