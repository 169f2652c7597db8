#pragma once
/// @file Error.h
/// The engine's exception type: a message that names what failed (file, line, field, peer).

#include <stdexcept>
#include <string>

namespace edgescope {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
  /// "FILE:LINE: field FIELD: message" — for parse errors in text files.
  static Error atLine(const std::string& file, int line, const std::string& field, const std::string& message);
};

}  // namespace edgescope
