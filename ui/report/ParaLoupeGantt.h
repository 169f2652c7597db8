#pragma once
/// @file ParaLoupeGantt.h
/// The report's ParaLoupe Gantt figure (issue 20): one panel per chosen frame (the median-latency frame above, the
/// slowest below), a row per device (camera first, then the nodes), a bar per gantt.csv segment coloured by phase,
/// and the frame's SLO as a red line; both panels share the ms axis. Needs a QApplication; GUI thread.

#include <QColor>
#include <QString>
#include <cstdint>
#include <string>
#include <vector>

#include "ReportPlots.h"
#include "record/SessionData.h"

namespace edgescope {

class ParaLoupeGantt {
 public:
  /// Renders "paraloupe-gantt.png" (ReportPlots::kWidthPx wide) for frames @p medianFrame and @p slowestFrame (one
  /// panel when they are the same frame). Throws edgescope::Error when PNG encoding fails.
  static ReportPlots::Image render(const SessionData& data, std::int64_t medianFrame, std::int64_t slowestFrame);

  /// Rows of the figure: "camera" first, then the other devices in order of first appearance in @p segments.
  static std::vector<std::string> rows(const std::vector<RecordedGanttSegment>& segments);
  /// Segments of @p frame (its last run when the frame number recurs, e.g. after a loop).
  static std::vector<RecordedGanttSegment> segmentsOf(const SessionData& data, std::int64_t frame);
  /// The colour of a phase (generate, schedule, encode, uplink, queue, compute, downlink, aggregate, track,
  /// keyframe; others get a series colour).
  static QColor phaseColor(const std::string& phase);
};

}  // namespace edgescope
