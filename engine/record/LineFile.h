#pragma once
/// @file LineFile.h
/// A text file written one line at a time, each line handed to the kernel by a single write() as soon as it is
/// written, so a killed process loses at most the line it was writing (nothing is buffered in the process).
/// Not thread-safe: one thread writes (the engine thread, or the CLI's main thread). Owns its file descriptor.

#include <string>

namespace edgescope {

class LineFile {
 public:
  /// Creates (truncates) @p path. Throws Error naming the path and the system error when it cannot be created.
  explicit LineFile(std::string path);
  ~LineFile();
  LineFile(const LineFile&) = delete;
  LineFile& operator=(const LineFile&) = delete;

  /// Writes @p line plus '\n'. Throws Error naming the path and the system error (e.g. a full disk); the file may
  /// then hold a partial last line, which SessionReader skips with a warning.
  void writeLine(const std::string& line) { writeText(line + '\n'); }
  /// Writes @p text (whole lines, each ending in '\n') with one write() where the kernel takes it at once.
  void writeText(const std::string& text);
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
};

}  // namespace edgescope
