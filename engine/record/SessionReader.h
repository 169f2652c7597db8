#pragma once
/// @file SessionReader.h
/// Reads a session folder written by SessionRecorder (format in record/SessionData.h), also one whose writer was
/// killed: missing data files are empty, an unterminated last line and malformed lines are skipped and reported in
/// SessionData::warnings ("frames.csv line 12: field 'total_ms': not a number, got 'abc'"). Stateless; any thread.

#include <string>

#include "record/SessionData.h"

namespace edgescope {

class SessionReader {
 public:
  /// Reads @p folder. Throws Error naming the folder only when session.json is missing, unreadable, not JSON or
  /// not an edgescope session; everything else degrades to warnings.
  static SessionData read(const std::string& folder);

 private:
  static void readKnobs(SessionData& data);
  static void readFrames(SessionData& data);
  static void readTracks(SessionData& data);
  static void readMetrics(SessionData& data);
  static void readEvents(SessionData& data);
  /// patches.csv, gantt.csv and nodes.csv (ParaLoupeRecord), when present.
  static void readFeatureFiles(SessionData& data);
};

}  // namespace edgescope
