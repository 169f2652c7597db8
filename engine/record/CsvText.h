#pragma once
/// @file CsvText.h
/// Text encoding of the recorded session files: numbers that read back to the same double (shortest std::to_chars
/// form), comma splitting, and strict number parsing. Stateless; any thread.

#include <string>
#include <vector>

namespace edgescope {

class CsvText {
 public:
  /// Shortest text that parses back to exactly @p value ("nan"/"inf"/"-inf" for non-finite values).
  static std::string number(double value);
  /// Shortest text that parses back to exactly @p value as a float.
  static std::string number(float value);
  /// Splits @p line at commas (no quoting: recorded fields never contain commas). A trailing '\r' is dropped.
  static std::vector<std::string> split(const std::string& line);
  /// Parses the whole of @p text as a double; false (and @p value untouched) unless every character is used.
  static bool parse(const std::string& text, double& value);
  /// @p text with CR and LF replaced by spaces (a message written as the rest of one line).
  static std::string singleLine(const std::string& text);
  /// @p text as one CSV field: CR and LF become spaces, commas semicolons.
  static std::string field(const std::string& text);
};

}  // namespace edgescope
