#pragma once
/// @file MotFile.h
/// Reading and writing MOTChallenge text files (gt.txt, det.txt, tracker results).
/// Formats: MOT15 (10 columns: frame,id,x,y,w,h,conf,wx,wy,wz) and MOT16/17/20 (9 columns:
/// frame,id,x,y,w,h,conf,class,visibility). Results files with 6–8 columns are accepted on read.

#include <string>
#include <vector>

#include "mot/MotRow.h"

namespace edgescope {

enum class MotFormat { Mot15, Mot16 };

/// Stateless; call from any thread.
class MotFile {
 public:
  struct Contents {
    std::vector<MotRow> rows;
    int columns = 0;  ///< column count of the file (of its first row); 0 for an empty file
    MotFormat format = MotFormat::Mot15;
  };

  /// Reads @p path. Blank lines and lines starting with '#' are skipped; separators are commas (spaces/tabs also
  /// accepted). Throws Error "PATH:LINE: field 'NAME': …" for a malformed value, a wrong column count, a non-positive
  /// frame, a frame, id or class beyond 2^31 − 1, a box value (x, y, width, height) beyond 1e7 px in magnitude, a
  /// negative width/height, or a row with a different column count than the first row; throws Error naming the path
  /// when the file cannot be opened.
  static Contents read(const std::string& path);
  /// Parses text already in memory; @p name is used in error messages.
  static Contents parse(const std::string& text, const std::string& name);
  /// Writes @p rows to @p path (creating or truncating it). Throws Error when the file cannot be written.
  static void write(const std::string& path, const std::vector<MotRow>& rows, MotFormat format);
  /// One line in @p format (no newline).
  static std::string formatRow(const MotRow& row, MotFormat format);
};

}  // namespace edgescope
