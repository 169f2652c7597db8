#pragma once
/// @file ParaLoupeRecord.h
/// ParaLoupe's part of a recorded session (issue 20; format in record/SessionData.h): the pl_* module fields of a
/// frames.csv line, and the feature files patches.csv (one line per patch), gantt.csv (one line per Gantt segment)
/// and nodes.csv (the cluster's nodes, written by the caller once per second) — their columns, their lines, and
/// the parsing of those lines back into SessionData's records. Stateless; any thread.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "record/SessionData.h"

namespace edgescope {

class CsvRecord;
class SessionRecorder;
struct ClusterNodeView;
struct ParaLoupeFrame;

class ParaLoupeRecord {
 public:
  static constexpr const char* kPatchesFile = "patches.csv";
  static constexpr const char* kGanttFile = "gantt.csv";
  static constexpr const char* kNodesFile = "nodes.csv";
  /// Seconds of session time between two nodes.csv samples.
  static constexpr double kNodesPeriodS = 1.0;

  /// Column names of each file, in order (the header line; the reader checks it).
  static const std::vector<std::string>& patchColumns();
  static const std::vector<std::string>& ganttColumns();
  static const std::vector<std::string>& nodeColumns();

  /// The frames.csv module fields of @p pl, in the order of the issue: pl_patches, pl_high, pl_low, pl_roi,
  /// pl_shed, pl_slo_ms, pl_slo_met (0/1), pl_u, pl_iterations, pl_schedule_ms, pl_patchgen_ms. Empty when @p pl
  /// is not active (the frame did not run ParaLoupe).
  static std::vector<std::pair<std::string, double>> frameFields(const ParaLoupeFrame& pl);
  /// patches.csv lines of frame @p frame (frame pixels, ms; served/kept as 0/1).
  static std::vector<std::string> patchLines(std::int64_t frame, const ParaLoupeFrame& pl);
  /// gantt.csv lines of frame @p frame (ms from the frame's capture).
  static std::vector<std::string> ganttLines(std::int64_t frame, const ParaLoupeFrame& pl);
  /// nodes.csv lines: one per node of @p nodes, at session time @p timeS (s) with frame @p frame.
  static std::vector<std::string> nodeLines(double timeS, std::int64_t frame,
                                            const std::vector<ClusterNodeView>& nodes);

  /// Appends @p pl's patches and Gantt segments to @p recorder (nothing when @p pl is not active). Call before the
  /// frame's SessionRecorder::recordFrame, so a frame in frames.csv has all of them. Throws like appendLines.
  static void appendFrame(SessionRecorder& recorder, std::int64_t frame, const ParaLoupeFrame& pl);
  /// Appends one nodes.csv sample of @p nodes (nothing when empty). Throws like appendLines.
  static void appendNodes(SessionRecorder& recorder, double timeS, std::int64_t frame,
                          const std::vector<ClusterNodeView>& nodes);

  /// A parsed line of each file. Throw Error naming file, line and field (CsvRecord) for a malformed one.
  static RecordedPatch patch(const CsvRecord& record);
  static RecordedGanttSegment ganttSegment(const CsvRecord& record);
  static RecordedNodeSample nodeSample(const CsvRecord& record);
};

}  // namespace edgescope
