#pragma once
/// @file AtomicFile.h
/// Replaces a file's contents atomically: readers see either the old or the new file, never a partial one
/// (writes PATH.tmp, fsyncs it, renames it over PATH). Stateless; any thread (one writer per path).

#include <string>

namespace edgescope {

class AtomicFile {
 public:
  /// Writes @p text to @p path. Throws Error naming the path and the system error; the old file is then unchanged.
  static void write(const std::string& path, const std::string& text);
};

}  // namespace edgescope
