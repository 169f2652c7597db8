#include "session/ParameterRegistry.h"

#include <cmath>

#include "util/Error.h"

namespace edgescope {

double ParameterSpec::sanitize(double value) const {
  if (!std::isfinite(value)) return defaultValue;
  double v = std::fmin(maxValue, std::fmax(minValue, value));
  if (step > 0) {
    v = minValue + std::round((v - minValue) / step) * step;
    v = std::fmin(maxValue, v);
  }
  return v;
}

void ParameterRegistry::declare(const ParameterSpec& spec) {
  if (spec.id.empty()) throw Error("parameter with an empty id");
  if (values_.count(spec.id)) throw Error("parameter '" + spec.id + "' declared twice");
  if (!(spec.maxValue >= spec.minValue)) throw Error("parameter '" + spec.id + "' has an empty range");
  specs_.push_back(spec);
  values_[spec.id] = spec.sanitize(spec.defaultValue);
}

const ParameterSpec& ParameterRegistry::spec(const std::string& id) const {
  for (const auto& s : specs_) {
    if (s.id == id) return s;
  }
  throw Error("unknown parameter '" + id + "'");
}

double ParameterRegistry::value(const std::string& id) const {
  const auto it = values_.find(id);
  if (it == values_.end()) throw Error("unknown parameter '" + id + "'");
  return it->second;
}

double ParameterRegistry::set(const std::string& id, double value) {
  const double applied = spec(id).sanitize(value);
  values_[id] = applied;
  return applied;
}

}  // namespace edgescope
