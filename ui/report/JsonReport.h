#pragma once
/// @file JsonReport.h
/// Everything a session folder holds plus the summary, as one JSON document:
///   {"format":"edgescope-report","version":1,"folder","manifest"{…,"model_card":{card object}|null,
///    "initial_parameters"{}},"summary"{…},"knobs"[…],"frames"[…],"metrics"[…],"events"[…],"warnings"[…]}
///   plus "patches"[…], "gantt"[…] and "nodes"[…] (ParaLoupe's files, their column names) when the session has them.
/// Frame rows use frames.csv's names (frame, time_s, …, total_ms, <stage>_ms, module fields such as pl_patches), with
/// difficulty (null when none), exit, budget_ms, turbo_ms, degrade_kind and degrade_strength when the session has
/// Turbo or degraded frames; the summary then gains "turbo" (TurboSessionSummary: counts, exit_histogram, mean
/// budget/spent ms, hard_threshold and frame_interval_ms or null, degraded by kind, ap50 null with ap50_note);
/// metrics rows use metrics.csv's names
/// (frame, time_s, frames, MOTA, IDF1, HOTA, MOTP, recall, precision, idsw, fp, fn, gt). Doubles are written so
/// that they read back exactly. Stateless; any thread.

#include <QByteArray>
#include <QJsonObject>

#include "ReportSummary.h"
#include "record/SessionData.h"

namespace edgescope {

class JsonReport {
 public:
  static QJsonObject build(const SessionData& data, const ReportSummary& summary);
  /// build() as indented UTF-8 text.
  static QByteArray render(const SessionData& data, const ReportSummary& summary);
  /// One metrics line as an object (metrics.csv names); shared with the CSV report.
  static QJsonObject metricsRow(const RecordedMetrics& metrics);
};

}  // namespace edgescope
