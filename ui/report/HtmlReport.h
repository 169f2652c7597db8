#pragma once
/// @file HtmlReport.h
/// The session report as one self-contained HTML document (inline CSS, no scripts): header with source, recording
/// status (COMPLETE / INTERRUPTED), model and card, parameters, knob timeline, metrics, latency percentiles,
/// resolution histogram, the plots, the Turbo section when the session has Turbo frames (its tables and TurboPlots'
/// figures) and warnings. Every string from the folder is escaped. Any thread (the images are
/// rendered beforehand by ReportPlots on the GUI thread).

#include <QString>
#include <vector>

#include "ReportPlots.h"
#include "ReportSummary.h"
#include "record/SessionData.h"

namespace edgescope {

class HtmlReport {
 public:
  enum class ImageMode {
    Inline,    ///< <img src="data:image/png;base64,…"> — a standalone file
    Resource,  ///< <img src="NAME"> — for a QTextDocument that registered each image under its name (PDF)
  };
  /// The whole document, starting with "<!DOCTYPE html>".
  static QString render(const SessionData& data, const ReportSummary& summary,
                        const std::vector<ReportPlots::Image>& images, ImageMode mode);
  /// The document title: "EdgeScope session report — SOURCE NAME" (unescaped).
  static QString title(const SessionData& data);
};

}  // namespace edgescope
