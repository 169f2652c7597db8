#include "record/SessionFileLines.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "util/Error.h"

namespace edgescope {

bool SessionFileLines::forEach(const std::string& folder, const std::string& name, std::vector<std::string>& warnings,
                               const std::function<void(int, const std::string&)>& onLine) {
  const std::filesystem::path path = std::filesystem::path(folder) / name;
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return false;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  if (in) buffer << in.rdbuf();
  if (!in || in.bad()) {
    warnings.push_back(name + ": cannot read '" + path.string() + "'");
    return true;
  }
  const std::string text = buffer.str();
  std::size_t start = 0;
  int lineNumber = 0;
  while (start < text.size()) {
    ++lineNumber;
    const std::size_t end = text.find('\n', start);
    if (end == std::string::npos) {
      warnings.push_back(name + " line " + std::to_string(lineNumber) +
                         ": unterminated last line skipped (the writer stopped while writing it)");
      break;
    }
    std::string line = text.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    try {
      onLine(lineNumber, line);
    } catch (const Error& e) {
      warnings.push_back(e.what());
    }
  }
  return true;
}

}  // namespace edgescope
