#pragma once
/// @file ReportPlots.h
/// The report's figures as PNG bytes, drawn offscreen with QCustomPlot: processing fps over time (1-s sliding
/// window), per-stage latency stacked over frames, detector input resolution over time (step) and its histogram,
/// MOTA/IDF1/HOTA over time, detections and tracks per frame, then ParaLoupe's figures when the session has
/// ParaLoupe frames (ParaLoupePlots) and Turbo's when it has Turbo frames (TurboPlots). Time plots carry knob changes
/// as dashed markers. Only figures with data are produced. Needs a QApplication; GUI thread.

#include <QByteArray>
#include <QString>
#include <vector>

#include "ReportSummary.h"
#include "record/SessionData.h"

namespace edgescope {

class ReportPlots {
 public:
  struct Image {
    QString name;   ///< file-like resource name, e.g. "fps.png"
    QString title;  ///< caption
    QByteArray png;
  };
  static constexpr int kWidthPx = 960;
  static constexpr int kHeightPx = 320;

  /// Renders every figure @p data has data for, in report order. Throws edgescope::Error without a QApplication or
  /// if PNG encoding fails.
  static std::vector<Image> render(const SessionData& data, const ReportSummary& summary);

  /// Frames per second at each frame: frames in the second that ends at that frame's time_s, divided by the span
  /// they cover. Pairs (time_s, fps); frames with no earlier frame in their window are left out.
  static std::vector<std::pair<double, double>> slidingFps(const std::vector<RecordedFrame>& frames);

 private:
  static Image fps(const SessionData& data, const ReportSummary& summary);
  static Image latency(const SessionData& data, const ReportSummary& summary);
  static Image resolutionTimeline(const SessionData& data, const ReportSummary& summary);
  static Image resolutionHistogram(const ReportSummary& summary);
  static Image metrics(const SessionData& data, const ReportSummary& summary);
  static Image counts(const SessionData& data, const ReportSummary& summary);
};

}  // namespace edgescope
