#pragma once
/// @file SessionReader.h
/// Reads a session folder written by SessionRecorder (format in record/SessionData.h), also one whose writer was
/// killed: missing data files are empty, an unterminated last line and malformed lines are skipped and reported in
/// SessionData::warnings ("frames.csv line 12: field 'total_ms': not a number, got 'abc'"). Reads format versions 1
/// and 2 (record/SessionData.h). Stateless; any thread.

#include <cstddef>
#include <string>

#include "record/SessionData.h"

namespace edgescope {

class CsvRecord;

class SessionReader {
 public:
  /// Reads @p folder. Throws Error naming the folder only when session.json is missing, unreadable, not JSON or
  /// not an edgescope session; everything else degrades to warnings.
  static SessionData read(const std::string& folder);

 private:
  static void readKnobs(SessionData& data);
  /// frames.csv: version 1 (no Turbo/degrade columns: those fields keep their defaults) and version 2, told apart by
  /// the header.
  static void readFrames(SessionData& data);
  /// Version 2's difficulty … degrade_strength, from column @p first of @p record; throws Error naming the field.
  static void readTurboColumns(const CsvRecord& record, std::size_t first, RecordedFrame& frame);
  static void readTracks(SessionData& data);
  static void readMetrics(SessionData& data);
  static void readEvents(SessionData& data);
  /// patches.csv, gantt.csv and nodes.csv (ParaLoupeRecord), when present.
  static void readFeatureFiles(SessionData& data);
};

}  // namespace edgescope
