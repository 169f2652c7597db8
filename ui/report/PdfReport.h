#pragma once
/// @file PdfReport.h
/// The HTML report laid out by QTextDocument and printed with QPdfWriter: A4 with QTextDocument's 2 cm margins, plots
/// embedded as document resources, page numbers at the bottom. Needs a Q(Gui)Application; GUI thread.

#include <QByteArray>
#include <vector>

#include "ReportPlots.h"
#include "ReportSummary.h"
#include "record/SessionData.h"

class QIODevice;

namespace edgescope {

class PdfReport {
 public:
  /// Writes the PDF to @p device (open for writing). Throws edgescope::Error when Qt cannot paint the document.
  static void write(QIODevice* device, const SessionData& data, const ReportSummary& summary,
                    const std::vector<ReportPlots::Image>& images);
};

}  // namespace edgescope
