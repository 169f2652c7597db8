#include "record/CsvText.h"

#include <charconv>

namespace edgescope {

std::string CsvText::number(double value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, result.ptr);
}

std::string CsvText::number(float value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, result.ptr);
}

std::vector<std::string> CsvText::split(const std::string& line) {
  std::vector<std::string> fields;
  std::string::size_type end = line.size();
  if (end > 0 && line[end - 1] == '\r') --end;
  std::string::size_type start = 0;
  while (true) {
    const auto comma = line.find(',', start);
    if (comma == std::string::npos || comma >= end) {
      fields.push_back(line.substr(start, end - start));
      return fields;
    }
    fields.push_back(line.substr(start, comma - start));
    start = comma + 1;
  }
}

bool CsvText::parse(const std::string& text, double& value) {
  if (text.empty()) return false;
  double parsed = 0.0;
  const char* begin = text.data();
  const char* end = begin + text.size();
  const auto result = std::from_chars(begin, end, parsed);
  if (result.ec != std::errc() || result.ptr != end) return false;
  value = parsed;
  return true;
}

std::string CsvText::singleLine(const std::string& text) {
  std::string out = text;
  for (char& c : out) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

std::string CsvText::field(const std::string& text) {
  std::string out = singleLine(text);
  for (char& c : out) {
    if (c == ',') c = ';';
  }
  return out;
}

}  // namespace edgescope
