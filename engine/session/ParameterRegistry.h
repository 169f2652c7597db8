#pragma once
/// @file ParameterRegistry.h
/// The engine's declared parameters and their applied values. Owned by the engine thread; specs() is a copy that
/// other threads may read after construction.

#include <map>
#include <string>
#include <vector>

#include "session/ParameterSpec.h"

namespace edgescope {

class ParameterRegistry {
 public:
  /// Declares @p spec with its default value; throws Error on a duplicate id or an empty range.
  void declare(const ParameterSpec& spec);
  const std::vector<ParameterSpec>& specs() const { return specs_; }
  bool has(const std::string& id) const { return values_.count(id) != 0; }
  /// Applied value of @p id; throws Error for an unknown id.
  double value(const std::string& id) const;
  /// Sanitises and applies @p value; returns the value actually applied. Throws Error for an unknown id.
  double set(const std::string& id, double value);
  const std::map<std::string, double>& values() const { return values_; }

 private:
  const ParameterSpec& spec(const std::string& id) const;
  std::vector<ParameterSpec> specs_;
  std::map<std::string, double> values_;
};

}  // namespace edgescope
