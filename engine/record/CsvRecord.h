#pragma once
/// @file CsvRecord.h
/// One comma-separated line of a recorded session file with named columns, for typed reads whose errors name the
/// file, line and field: "frames.csv line 12: field 'total_ms': not a number, got 'abc'". Value type; any thread.

#include <cstdint>
#include <string>
#include <vector>

namespace edgescope {

class CsvRecord {
 public:
  /// Splits @p text. Throws Error "FILE line N: expected C fields, got M" unless it has exactly names.size()
  /// fields (or at least that many when @p allowExtra).
  CsvRecord(std::string file, int lineNumber, const std::string& text, std::vector<std::string> names,
            bool allowExtra = false);

  /// Field @p index as a double; throws Error naming file, line and field when it is not a number.
  double number(std::size_t index) const;
  /// Field @p index as an integer (a number without a fraction, within ±2^53); throws Error like number().
  std::int64_t integer(std::size_t index) const;
  /// Field @p index as text (no conversion).
  const std::string& text(std::size_t index) const { return fields_.at(index); }
  std::size_t size() const { return fields_.size(); }
  /// Throws Error "FILE line N: field 'NAME': WHAT, got 'VALUE'" for field @p index (a value of the wrong kind).
  [[noreturn]] void fail(std::size_t index, const std::string& what) const;

 private:

  std::string file_;
  int lineNumber_;
  std::vector<std::string> fields_;
  std::vector<std::string> names_;
};

}  // namespace edgescope
