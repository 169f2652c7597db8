#pragma once
/// @file SessionFileLines.h
/// Line-by-line reading of one file of a recorded session, tolerant of what a killed writer leaves: a missing file
/// is skipped, an unterminated last line is skipped with a warning, and a line whose handler throws Error is skipped
/// with the error's message as a warning. Stateless; any thread.

#include <functional>
#include <string>
#include <vector>

namespace edgescope {

class SessionFileLines {
 public:
  /// Calls @p onLine(lineNumber, text) (1-based, without the '\n') for every complete, non-empty line of
  /// @p folder/@p name. Returns false (adding nothing) when the file does not exist; a file that exists but cannot
  /// be read adds a warning naming it.
  static bool forEach(const std::string& folder, const std::string& name, std::vector<std::string>& warnings,
                      const std::function<void(int lineNumber, const std::string& text)>& onLine);
};

}  // namespace edgescope
