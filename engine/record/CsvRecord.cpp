#include "record/CsvRecord.h"

#include <cmath>

#include "record/CsvText.h"
#include "util/Error.h"

namespace edgescope {

CsvRecord::CsvRecord(std::string file, int lineNumber, const std::string& text, std::vector<std::string> names,
                     bool allowExtra)
    : file_(std::move(file)), lineNumber_(lineNumber), fields_(CsvText::split(text)), names_(std::move(names)) {
  if (fields_.size() < names_.size() || (!allowExtra && fields_.size() != names_.size())) {
    throw Error(file_ + " line " + std::to_string(lineNumber_) + ": expected " + std::to_string(names_.size()) +
                " fields, got " + std::to_string(fields_.size()));
  }
}

void CsvRecord::fail(std::size_t index, const std::string& what) const {
  const std::string name = index < names_.size() ? names_[index] : "column " + std::to_string(index + 1);
  throw Error(file_ + " line " + std::to_string(lineNumber_) + ": field '" + name + "': " + what + ", got '" +
              fields_.at(index) + "'");
}

double CsvRecord::number(std::size_t index) const {
  double value = 0.0;
  if (!CsvText::parse(fields_.at(index), value)) fail(index, "not a number");
  return value;
}

std::int64_t CsvRecord::integer(std::size_t index) const {
  constexpr double kMaxExact = 9007199254740992.0;  // 2^53
  double value = 0.0;
  if (!CsvText::parse(fields_.at(index), value) || value != std::floor(value) || std::fabs(value) > kMaxExact) {
    fail(index, "not an integer");
  }
  return static_cast<std::int64_t>(value);
}

}  // namespace edgescope
