#include "ReportTables.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "HtmlTable.h"
#include "MetricColumns.h"
#include "ReportText.h"
#include "record/ModelCardSummary.h"
#include "util/Error.h"

namespace edgescope {
namespace {

constexpr int kMaxNotes = 200;

QString section(const QString& title, const QString& body) {
  return "<h2>" + ReportText::escape(title) + "</h2>\n" + body;
}

QString note(const QString& text) { return "<p class=\"note\">" + ReportText::escape(text) + "</p>\n"; }

QString orNone(const std::string& text) { return text.empty() ? QStringLiteral("none") : ReportText::fromStd(text); }

QString jsonCell(const QJsonValue& value) {
  if (value.isString()) return value.toString();
  if (value.isDouble()) return ReportText::shortest(value.toDouble());
  if (value.isBool()) return value.toBool() ? "true" : "false";
  if (value.isNull()) return "null";
  const QJsonDocument doc = value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
  return QString::fromUtf8(doc.toJson(QJsonDocument::Compact));
}

}  // namespace

QString ReportTables::status(const ReportSummary& summary) {
  if (!summary.interrupted) return "COMPLETE";
  return QString("INTERRUPTED (readable up to frame %1)").arg(summary.lastFrame);
}

QString ReportTables::session(const SessionData& data, const ReportSummary& summary) {
  const SessionManifest& m = data.manifest;
  HtmlTable table({}, "kv");
  table.addCodeRow("Source URI", ReportText::fromStd(m.sourceUri));
  table.addRow({"Source", ReportText::fromStd(m.sourceName) + " (" + ReportText::fromStd(m.sourceKind) + ")"});
  table.addRow({"Frame size", QString("%1x%2 px").arg(m.width).arg(m.height)});
  table.addRow({"Nominal rate", ReportText::fixed(m.fps, 2) + " fps"});
  table.addRow({"Source frames", m.frameCount < 0 ? QString("unknown / live") : QString::number(m.frameCount)});
  table.addCodeRow("Ground truth", m.hasGroundTruth ? ReportText::fromStd(m.groundTruthPath) : QString("none"));
  table.addRow({"Tool", ReportText::fromStd(m.tool)});
  table.addRow({"Created", ReportText::fromStd(m.created)});
  table.addRow({"Ended", m.ended.empty() ? QString("—") : ReportText::fromStd(m.ended)});
  table.addRow({"Status", status(summary)});
  table.addCodeRow("Folder", ReportText::fromStd(data.folder));
  table.addRow(
      {"Recorded frames",
       QString("%1 (source frames %2–%3)").arg(summary.frameCount).arg(summary.firstFrame).arg(summary.lastFrame)});
  table.addRow({"Duration", ReportText::fixed(summary.durationS, 2) + " s"});
  table.addRow({"Mean processing rate", ReportText::fixed(summary.meanFps, 2) + " fps"});
  table.addRow({"Frames scored against GT",
                QString("%1 with GT, %2 without").arg(summary.framesWithGt).arg(summary.framesWithoutGt)});
  return section("Session", table.html());
}

QString ReportTables::model(const SessionData& data) {
  const SessionManifest& m = data.manifest;
  HtmlTable table({}, "kv");
  table.addRow({"Detector", orNone(m.detector)});
  table.addRow({"Embedder", orNone(m.embedder)});
  QString body = table.html();
  if (m.modelCardJson.empty()) return section("Model", body + note("The detector has no model card."));
  QJsonParseError error{};
  const QJsonDocument card = QJsonDocument::fromJson(QByteArray::fromStdString(m.modelCardJson), &error);
  if (!card.isObject()) {
    return section("Model", body + note("The model card is not a JSON object: " + error.errorString()) + "<pre>" +
                                ReportText::escape(m.modelCardJson) + "</pre>\n");
  }
  try {  // the summary first: architecture, training data, lineage, validation
    const ModelCardSummary summary = ModelCardSummary::fromJson(m.modelCardJson, "model card");
    HtmlTable summaryTable({}, "kv");
    for (const auto& [label, text] : summary.rows())
      summaryTable.addRow({ReportText::fromStd(label), ReportText::fromStd(text)});
    body += "<h3>Summary</h3>\n" + summaryTable.html();
  } catch (const Error& e) {
    body += note("The model card summary cannot be made: " + QString::fromUtf8(e.what()));
  }
  HtmlTable cardTable({"Card key", "Value"}, "kv");
  const QJsonObject object = card.object();
  for (auto it = object.begin(); it != object.end(); ++it) cardTable.addCodeRow(it.key(), jsonCell(it.value()));
  return section("Model", body + "<h3>Model card</h3>\n" + cardTable.html());
}

QString ReportTables::initialParameters(const SessionData& data) {
  if (data.manifest.initialParameters.empty()) return section("Parameters at start", note("None recorded."));
  HtmlTable table({"Parameter", "Value"});
  for (const auto& [id, value] : data.manifest.initialParameters) {
    table.addRow({ReportText::fromStd(id), ReportText::shortest(value)});
  }
  return section("Parameters at start", table.html());
}

QString ReportTables::knobs(const ReportSummary& summary) {
  if (summary.knobs.empty()) return section("Parameter changes", note("No parameter changed while recording."));
  HtmlTable table({"Time (s)", "Frame", "Parameter", "Requested", "Applied"});
  for (const RecordedKnob& k : summary.knobs) {
    table.addRow({ReportText::fixed(k.timeS, 2), QString::number(k.frame), ReportText::fromStd(k.id),
                  ReportText::shortest(k.requested), ReportText::shortest(k.applied)});
  }
  return section("Parameter changes", table.html());
}

QString ReportTables::metrics(const ReportSummary& summary) {
  if (!summary.hasMetrics) return section("Tracking metrics", note("No metrics (the source has no ground truth)."));
  QStringList headers, cells;
  for (const MetricColumns::Column& column : MetricColumns::all()) {
    headers << column.label;
    cells << MetricColumns::cell(column, summary.finalMetrics.metrics);
  }
  HtmlTable table(headers, "metrics");
  table.addRow(cells);
  const RecordedMetrics& last = summary.finalMetrics;
  return section("Tracking metrics",
                 table.html() + note(QString("Rates in %. Cumulative over %1 frames, up to frame %2 (t = %3 s).")
                                         .arg(last.metrics.frames)
                                         .arg(last.frame)
                                         .arg(ReportText::fixed(last.timeS, 2))));
}

QString ReportTables::latency(const ReportSummary& summary) {
  if (summary.latency.empty()) return section("Latency", note("No frames recorded."));
  HtmlTable table({"Stage", "Frames", "Mean ms", "p50 ms", "p95 ms", "p99 ms", "Max ms"});
  for (const ReportSummary::StageLatency& s : summary.latency) {
    table.addRow({s.stage, QString::number(s.samples), ReportText::fixed(s.meanMs, 2), ReportText::fixed(s.p50Ms, 2),
                  ReportText::fixed(s.p95Ms, 2), ReportText::fixed(s.p99Ms, 2), ReportText::fixed(s.maxMs, 2)});
  }
  return section("Latency", table.html());
}

QString ReportTables::resolutions(const ReportSummary& summary) {
  if (summary.resolutions.empty()) return section("Input resolution", note("No detector input size recorded."));
  HtmlTable table({"Resolution", "Frames", "Share %"});
  for (const ReportSummary::ResolutionShare& r : summary.resolutions) {
    table.addRow({r.label, QString::number(r.frames), ReportText::percent(r.fraction)});
  }
  return section("Input resolution", table.html());
}

QString ReportTables::turbo(const ReportSummary& summary) {
  const TurboSessionSummary& t = summary.turbo;
  if (!t.present) return {};
  const auto share = [&](std::int64_t part) {
    return t.frames > 0 ? ReportText::percent(static_cast<double>(part) / static_cast<double>(t.frames)) : QString("–");
  };
  HtmlTable totals({"Turbo frames", "Hard frames", "Hard %", "Enhanced frames", "Enhanced %", "Mean budget ms",
                    "Mean spent ms", "p99 spent ms", "Over budget", "Hard threshold", "T ms"},
                   "metrics");
  totals.addRow({QString::number(t.frames), t.thresholdKnown ? QString::number(t.hardFrames) : QString("–"),
                 t.thresholdKnown ? share(t.hardFrames) : QString("–"), QString::number(t.enhancedFrames),
                 share(t.enhancedFrames), ReportText::fixed(t.meanBudgetMs, 2), ReportText::fixed(t.meanSpentMs, 2),
                 ReportText::fixed(t.p99SpentMs, 2), QString::number(t.overBudgetFrames),
                 t.thresholdKnown ? ReportText::fixed(t.hardThreshold, 2) : QString("unknown"),
                 t.frameIntervalMs > 0.0 ? ReportText::fixed(t.frameIntervalMs, 1) : QString("unknown")});
  QStringList exitHeaders, exitCells;
  for (std::size_t e = 0; e < t.exitHistogram.size(); ++e) {
    exitHeaders << QString("Exit %1").arg(e);
    exitCells << QString::number(t.exitHistogram[e]);
  }
  HtmlTable exits(exitHeaders, "metrics");
  exits.addRow(exitCells);
  QString body = totals.html() + note(t.apNote) + "<h3>Exit histogram</h3>\n" + exits.html();
  if (!t.degraded.empty()) {
    HtmlTable degraded({"Degradation", "Frames", "Share %", "Enhanced", "Mean difficulty"});
    for (const TurboSessionSummary::DegradeShare& d : t.degraded) {
      degraded.addRow({ReportText::fromStd(d.kind), QString::number(d.frames), ReportText::percent(d.fraction),
                       QString::number(d.enhanced),
                       d.meanDifficulty >= 0.0 ? ReportText::fixed(d.meanDifficulty, 2) : QString("–")});
    }
    body += "<h3>Degraded frames</h3>\n" + degraded.html();
  }
  return section("Turbo", body);
}

QString ReportTables::notes(const SessionData& data) {
  HtmlTable table({"Time (s)", "Level", "Message"});
  for (const std::string& warning : data.warnings) {
    if (table.rowCount() < kMaxNotes) table.addRow({"", "reader", ReportText::fromStd(warning)});
  }
  for (const RecordedEvent& e : data.events) {
    if (e.level != "info" && table.rowCount() < kMaxNotes) {
      table.addRow({ReportText::fixed(e.timeS, 2), ReportText::fromStd(e.level), ReportText::fromStd(e.message)});
    }
  }
  return section("Warnings", table.rowCount() ? table.html() : note("None."));
}

}  // namespace edgescope
