#pragma once
/// @file ReportExporter.h
/// Exports a recorded session (SessionData, e.g. from SessionReader::read) to a report file whose format follows
/// the extension (case-insensitive):
///   .html  self-contained HTML (HtmlReport, plots inline)      .pdf  the same content, A4 (PdfReport)
///   .json  everything + summary (JsonReport)                   .csv  one row per frame (CsvReport)
///   .txt   MOTChallenge results of the session's tracks (MOT15, 10 columns: frame,id,x,y,w,h,score,-1,-1,-1)
/// Errors are thrown as edgescope::Error (never returned): an unknown extension names it and lists the accepted
/// ones; an unwritable path names the path. The file is written atomically (QSaveFile): a failed export leaves no
/// partial file. .html and .pdf render plots and need a QApplication; GUI thread.

#include <QByteArray>
#include <QString>

#include "record/SessionData.h"

namespace edgescope {

class ReportExporter {
 public:
  enum class Format { Html, Pdf, Json, Csv, MotResults };

  /// The format of @p path's extension. Throws Error "unknown report format '.EXT' for 'PATH': use .html, .pdf,
  /// .json, .csv or .txt".
  static Format formatFor(const QString& path);
  /// "html", "pdf", "json", "csv" or "txt".
  static QString formatName(Format format);
  /// Writes the report of @p data to @p outPath and returns its format. Throws Error on an unknown extension, when
  /// @p outPath cannot be written (message names it) or when a plot cannot be rendered.
  static Format exportTo(const SessionData& data, const QString& outPath);
  /// The tracks as MOTChallenge results text, one line per row.
  static QByteArray motResults(const SessionData& data);
};

}  // namespace edgescope
