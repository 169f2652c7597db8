#pragma once
/// @file ParaLoupePlots.h
/// The report's ParaLoupe figures (issue 20, paper 002), drawn offscreen like ReportPlots when the session has
/// ParaLoupe frames: the Gantt of the median-latency and of the slowest frame (ParaLoupeGantt), latency over time
/// with the SLO and node-loss/recovery markers (from events.log), each device's share of the served patches per
/// second of session time (stacked), and a patches-per-frame histogram. The data helpers are pure (any thread);
/// render() needs a QApplication (GUI thread).

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "ReportPlots.h"
#include "ReportSummary.h"
#include "record/SessionData.h"

namespace edgescope {

class ParaLoupePlots {
 public:
  /// Served patches per device in one bin of the share figure.
  struct ShareBin {
    double key = 0.0;  ///< bin start: whole seconds of session time (or the frame number when frames.csv is empty)
    std::vector<std::pair<std::string, int>> served;  ///< device → patches served, in devices() order
    int total = 0;
  };

  /// Whether @p data holds ParaLoupe frames: a frames.csv line with pl_* fields, or patches.csv / gantt.csv lines.
  static bool present(const SessionData& data);
  /// The ParaLoupe figures with data, in report order ("paraloupe-gantt.png", "paraloupe-latency.png",
  /// "paraloupe-share.png", "paraloupe-patches.png"); none when !present(@p data).
  static std::vector<ReportPlots::Image> render(const SessionData& data, const ReportSummary& summary);

  /// The frames whose Gantt the report draws: {median-latency frame, slowest frame} among the frames with Gantt
  /// segments (latency: frames.csv total_ms, else the segments' last end); {0, 0} without segments.
  static std::pair<std::int64_t, std::int64_t> ganttFrames(const SessionData& data);
  /// The SLO (ms) in force at @p frame: its pl_slo_ms, else the last paraloupe.sloMs knob change at or before it,
  /// else the initial parameter; 0 when unknown.
  static double sloMs(const SessionData& data, std::int64_t frame);
  /// Devices that served patches: "camera" first, then the nodes in order of first appearance in patches.csv.
  static std::vector<std::string> devices(const SessionData& data);
  /// Served patches per device per second of session time (per frame without frames.csv times), oldest first.
  static std::vector<ShareBin> shareBins(const SessionData& data);
  /// Patches of each ParaLoupe frame: pl_patches, else its patches.csv lines.
  static std::vector<int> patchesPerFrame(const SessionData& data);

 private:
  /// The SLO from the knobs alone (last paraloupe.sloMs change at or before @p frame, else the initial value).
  static double knobSloMs(const SessionData& data, std::int64_t frame);
  static ReportPlots::Image latency(const SessionData& data, const ReportSummary& summary);
  static ReportPlots::Image share(const std::vector<std::string>& devices, const std::vector<ShareBin>& bins,
                                  bool byTime);
  static ReportPlots::Image histogram(const SessionData& data, const std::vector<int>& counts);
};

}  // namespace edgescope
