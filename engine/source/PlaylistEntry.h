#pragma once
/// @file PlaylistEntry.h
/// One segment line of a `playlist:FILE` (see PlaylistSource.h for the format) and the parser of the file.

#include <cstdint>
#include <string>
#include <vector>

namespace edgescope {

/// Value type.
struct PlaylistEntry {
  std::string uri;           ///< the segment's source URI; relative file/mot: paths resolved against the playlist
  std::string gtPath;        ///< gt=: MOT ground-truth file of the segment (resolved), empty: the source's own GT
  std::int64_t first = 1;    ///< frames=A:B: first frame of the segment's source, 1-based
  std::int64_t last = -1;    ///< last frame, inclusive; −1: to the source's end
  double gain = 1.0;         ///< gain=: linear-light exposure gain, (0, 64]; 1 leaves the pixels unchanged
  double noiseSigma = 0.0;   ///< noise=: additive Gaussian noise sigma in 8-bit levels, [0, 100]; 0: off
  double blurSigmaPx = 0.0;  ///< blur=: Gaussian blur sigma in pixels, [0, 20]; 0: off
  int line = 0;              ///< 1-based line of the playlist file

  /// Parses line @p lineNumber (@p text) of @p playlistPath into @p out. Returns false for a blank or comment
  /// line. Throws Error "FILE:LINE: field 'KEY': …" for an unknown or repeated key, a bad number or range, a missing
  /// value, an unterminated quote, or a source kind a playlist cannot play (camera, stream, nested playlist).
  static bool parse(const std::string& text, const std::string& playlistPath, int lineNumber, PlaylistEntry& out);
  /// Reads every segment of @p playlistPath (UTF-8; a byte-order mark and CR line ends are accepted). Throws Error
  /// naming the file when it cannot be read or has no segment, and parse()'s errors.
  static std::vector<PlaylistEntry> readFile(const std::string& playlistPath);
};

}  // namespace edgescope
