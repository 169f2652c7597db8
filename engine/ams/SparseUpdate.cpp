#include "ams/SparseUpdate.h"

#include "ams/HalfFloat.h"
#include "util/Error.h"

namespace edgescope {

void SparseUpdate::fail(const std::string& field, const std::string& why) {
  throw Error("sparse update: field '" + field + "': " + why);
}

void SparseUpdate::validate() const {
  if (values.size() != indices.size()) {
    fail("values", std::to_string(values.size()) + " values for " + std::to_string(indices.size()) + " indices");
  }
  for (std::size_t i = 0; i < indices.size(); ++i) {
    if (indices[i] >= parameterCount) {
      fail("indices", "index " + std::to_string(indices[i]) + " >= parameter count " + std::to_string(parameterCount));
    }
    if (i > 0 && indices[i] <= indices[i - 1]) {
      fail("indices", "index " + std::to_string(indices[i]) + " at position " + std::to_string(i) +
                          " does not follow " + std::to_string(indices[i - 1]) + " (not strictly increasing)");
    }
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!HalfFloat::isFinite(values[i])) {
      fail("values", "value " + std::to_string(i) + " (index " + std::to_string(indices[i]) + ") is " +
                         (HalfFloat::isNan(values[i]) ? "NaN" : "Inf"));
    }
  }
  bool hex = resultSha256.size() == 64;
  for (char c : resultSha256) hex = hex && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  if (!hex) fail("resultSha256", "'" + resultSha256.substr(0, 80) + "' is not 64 lowercase hex characters");
}

double SparseUpdate::density() const {
  return parameterCount == 0 ? 0.0 : static_cast<double>(indices.size()) / parameterCount;
}

bool SparseUpdate::operator==(const SparseUpdate& other) const {
  return version == other.version && baseVersion == other.baseVersion && parameterCount == other.parameterCount &&
         layoutHash == other.layoutHash && indices == other.indices && values == other.values &&
         resultSha256 == other.resultSha256;
}

}  // namespace edgescope
