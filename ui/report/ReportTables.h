#pragma once
/// @file ReportTables.h
/// The tables of the HTML/PDF report, each an HTML fragment (heading + table or a note) with every string from the
/// session folder escaped. Stateless; any thread.

#include <QString>

#include "ReportSummary.h"
#include "record/SessionData.h"

namespace edgescope {

class ReportTables {
 public:
  /// "COMPLETE" or "INTERRUPTED (readable up to frame N)".
  static QString status(const ReportSummary& summary);
  /// Source, recording (tool, created/ended, status), frames, duration, mean fps, GT coverage.
  static QString session(const SessionData& data, const ReportSummary& summary);
  /// Detector/embedder and the model card: top-level keys as rows, nested values as compact JSON.
  static QString model(const SessionData& data);
  /// Parameters applied when the recording started.
  static QString initialParameters(const SessionData& data);
  /// Knob timeline: time, frame, parameter, requested, applied.
  static QString knobs(const ReportSummary& summary);
  /// Final metrics (MOTA IDF1 HOTA MOTP Recall Precision IDSW FP FN GT).
  static QString metrics(const ReportSummary& summary);
  /// Latency percentiles per stage (ms).
  static QString latency(const ReportSummary& summary);
  /// Detector input resolution histogram.
  static QString resolutions(const ReportSummary& summary);
  /// Turbo (issue 21): frames seen, hard and enhanced, mean budget and spent ms, the threshold and T, the exit
  /// histogram and the degraded frames by kind, with the note that AP50 is not derivable from a recording. "" when
  /// the session has no Turbo frames.
  static QString turbo(const ReportSummary& summary);
  /// The reader's warnings and the warning/error events (first 200).
  static QString notes(const SessionData& data);
};

}  // namespace edgescope
