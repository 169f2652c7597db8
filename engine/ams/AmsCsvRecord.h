#pragma once
/// @file AmsCsvRecord.h
/// One line of ams.csv, the AMS feature file of a recorded session (issue 22; record/SessionData.h's feature files):
/// a sample batch answered, an update staged or rejected, a rollback, a reset, a resync, a join or a lost node. The
/// recording writes time_s and frame before these columns (EngineRecording::recordModuleLines):
///
///   time_s,frame,kind,version,bytes,index_bytes,value_bytes,selected,frames,rate_fps,phi_mean,update_interval_s,
///   train_ms,staleness_ms,loss_before,loss_after,f1_before,f1_after,stage_ms
///
/// Value type; any thread.

#include <cstdint>
#include <string>

namespace edgescope {

struct AmsCsvRecord {
  static constexpr const char* kFile = "ams.csv";

  /// "samples" (a batch the node answered: bytes = its payload, frames = its pictures, the rates of the reply),
  /// "update" (staged: version = the new one, bytes = SparseUpdateCodec bytes split into index and values,
  /// selected = coordinates), "rejected" (an update that failed its checks: nothing applied), "rollback" and "reset"
  /// (version = the version staged), "resync" (version = the node's copy after it), "join" (version = the node's),
  /// "lost" (the node stopped answering).
  std::string kind;
  std::uint64_t version = 0;
  std::uint64_t bytes = 0, indexBytes = 0, valueBytes = 0;
  std::uint32_t selected = 0;
  std::uint32_t frames = 0;
  double rateFps = 0.0;          ///< sampling rate in force after the event, fps
  double phiMean = -1.0;         ///< latest φ̄; −1: none yet
  double updateIntervalS = 0.0;  ///< T_update in force after the event, s
  double trainMs = 0.0, stalenessMs = 0.0;
  double lossBefore = 0.0, lossAfter = 0.0;
  double f1Before = -1.0, f1After = -1.0;
  double stageMs = 0.0;  ///< es-ams staging time of an update, rollback or reset, ms

  /// The column names after time_s,frame (comma-separated).
  static std::string header();
  /// This record's values in header() order (CsvText numbers).
  std::string fields() const;
};

}  // namespace edgescope
