#pragma once
/// @file SeqInfo.h
/// The `[Sequence]` section of a MOTChallenge `seqinfo.ini`.

#include <cstdint>
#include <string>

namespace edgescope {

/// Value type.
struct SeqInfo {
  std::string name;
  std::string imDir = "img1";
  double frameRate = 0.0;      ///< frames per second
  std::int64_t seqLength = 0;  ///< number of frames
  int imWidth = 0;             ///< pixels
  int imHeight = 0;            ///< pixels
  std::string imExt = ".jpg";

  /// Reads and validates @p path. Throws Error "PATH:LINE: field 'KEY': …" for a malformed line or value, and
  /// "PATH: missing key 'KEY'" when a required key (frameRate, seqLength, imWidth, imHeight) is absent.
  static SeqInfo read(const std::string& path);
  /// Parses @p text; @p name is used in error messages.
  static SeqInfo parse(const std::string& text, const std::string& name);
  /// Writes a seqinfo.ini to @p path; throws Error when it cannot.
  void write(const std::string& path) const;
};

}  // namespace edgescope
