#include "JsonReport.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

#include "MetricColumns.h"

namespace edgescope {
namespace {

QString str(const std::string& text) { return QString::fromStdString(text); }

QJsonObject manifestObject(const SessionManifest& m) {
  QJsonObject o{{"format", str(m.format)},
                {"version", m.version},
                {"tool", str(m.tool)},
                {"created", str(m.created)},
                {"ended", str(m.ended)},
                {"complete", m.complete},
                {"source_uri", str(m.sourceUri)},
                {"source_name", str(m.sourceName)},
                {"source_kind", str(m.sourceKind)},
                {"width", m.width},
                {"height", m.height},
                {"fps", m.fps},
                {"frame_count", static_cast<double>(m.frameCount)},
                {"ground_truth", str(m.groundTruthPath)},
                {"has_ground_truth", m.hasGroundTruth},
                {"detector", str(m.detector)},
                {"embedder", str(m.embedder)}};
  const QJsonDocument card = QJsonDocument::fromJson(QByteArray::fromStdString(m.modelCardJson));
  o["model_card"] = card.isObject() ? QJsonValue(card.object()) : QJsonValue();
  if (!m.modelCardJson.empty() && !card.isObject()) o["model_card_text"] = str(m.modelCardJson);
  QJsonObject parameters;
  for (const auto& [id, value] : m.initialParameters) parameters[str(id)] = value;
  o["initial_parameters"] = parameters;
  return o;
}

/// @p value, or null when it is not finite (JSON has no NaN).
QJsonValue finite(double value) { return std::isfinite(value) ? QJsonValue(value) : QJsonValue(); }

QJsonObject frameRow(const RecordedFrame& f, bool turboColumns) {
  QJsonObject o{{"frame", static_cast<double>(f.frame)},
                {"time_s", f.timeS},
                {"input_width", f.inputWidth},
                {"input_height", f.inputHeight},
                {"rung", f.rung},
                {"reselected", f.reselected},
                {"detections", f.detections},
                {"tracks", f.tracks},
                {"total_ms", f.totalMs}};
  if (turboColumns) {
    o["difficulty"] = finite(f.difficulty);
    o["exit"] = f.exit;
    o["budget_ms"] = f.budgetMs;
    o["turbo_ms"] = f.turboMs;
    o["degrade_kind"] = str(f.degradeKind);
    o["degrade_strength"] = f.degradeStrength;
  }
  for (const auto& [stage, ms] : f.stageMs) o[str(stage) + "_ms"] = ms;
  for (const auto& [name, value] : f.moduleFields) o[str(name)] = value;
  return o;
}

QJsonObject turboObject(const TurboSessionSummary& t) {
  QJsonArray exits;
  for (std::int64_t count : t.exitHistogram) exits.append(static_cast<double>(count));
  QJsonObject degraded;
  for (const TurboSessionSummary::DegradeShare& d : t.degraded) {
    degraded[str(d.kind)] =
        QJsonObject{{"frames", static_cast<double>(d.frames)},
                    {"share", d.fraction},
                    {"enhanced", static_cast<double>(d.enhanced)},
                    {"mean_difficulty", d.meanDifficulty >= 0.0 ? QJsonValue(d.meanDifficulty) : QJsonValue()}};
  }
  return QJsonObject{{"frames", static_cast<double>(t.frames)},
                     {"hard_frames", t.thresholdKnown ? QJsonValue(static_cast<double>(t.hardFrames)) : QJsonValue()},
                     {"enhanced_frames", static_cast<double>(t.enhancedFrames)},
                     {"exit_histogram", exits},
                     {"mean_budget_ms", t.meanBudgetMs},
                     {"mean_spent_ms", t.meanSpentMs},
                     {"p99_spent_ms", t.p99SpentMs},
                     {"over_budget_frames", static_cast<double>(t.overBudgetFrames)},
                     {"hard_threshold", t.thresholdKnown ? QJsonValue(t.hardThreshold) : QJsonValue()},
                     {"frame_interval_ms", t.frameIntervalMs > 0.0 ? QJsonValue(t.frameIntervalMs) : QJsonValue()},
                     {"degraded_frames", static_cast<double>(t.degradedFrames)},
                     {"degraded", degraded},
                     {"ap50", QJsonValue()},
                     {"ap50_note", t.apNote}};
}

QJsonObject summaryObject(const ReportSummary& s) {
  QJsonObject latency;
  for (const ReportSummary::StageLatency& l : s.latency) {
    latency[l.stage] = QJsonObject{{"samples", static_cast<double>(l.samples)},
                                   {"mean", l.meanMs},
                                   {"p50", l.p50Ms},
                                   {"p95", l.p95Ms},
                                   {"p99", l.p99Ms},
                                   {"max", l.maxMs}};
  }
  QJsonObject resolutions;
  for (const ReportSummary::ResolutionShare& r : s.resolutions) resolutions[r.label] = r.fraction;
  QJsonObject o{{"frames", static_cast<double>(s.frameCount)},
                {"first_frame", static_cast<double>(s.firstFrame)},
                {"last_frame", static_cast<double>(s.lastFrame)},
                {"duration_s", s.durationS},
                {"mean_fps", s.meanFps},
                {"latency_ms", latency},
                {"resolution_histogram", resolutions},
                {"frames_with_gt", static_cast<double>(s.framesWithGt)},
                {"frames_without_gt", static_cast<double>(s.framesWithoutGt)},
                {"interrupted", s.interrupted}};
  o["final_metrics"] = s.hasMetrics ? QJsonValue(JsonReport::metricsRow(s.finalMetrics)) : QJsonValue();
  if (s.turbo.present) o["turbo"] = turboObject(s.turbo);
  return o;
}

/// patches.csv, gantt.csv and nodes.csv rows under their files' column names (added only when present).
void addFeatureFiles(const SessionData& data, QJsonObject& root) {
  QJsonArray patches, gantt, nodes;
  for (const RecordedPatch& p : data.patches) {
    patches.append(QJsonObject{{"frame", static_cast<double>(p.frame)}, {"patch", p.patch}, {"kind", str(p.kind)},
                               {"x", p.x}, {"y", p.y}, {"w", p.width}, {"h", p.height}, {"node", str(p.node)},
                               {"input_w", p.inputWidth}, {"input_h", p.inputHeight},
                               {"predicted_ms", p.predictedMs}, {"measured_ms", p.measuredMs},
                               {"objectness", p.objectness}, {"served", p.served}, {"kept", p.kept}});
  }
  for (const RecordedGanttSegment& g : data.gantt) {
    gantt.append(QJsonObject{{"frame", static_cast<double>(g.frame)}, {"device", str(g.device)},
                             {"phase", str(g.phase)}, {"start_ms", g.startMs}, {"end_ms", g.endMs}});
  }
  for (const RecordedNodeSample& n : data.nodes) {
    nodes.append(QJsonObject{{"time_s", n.timeS}, {"frame", static_cast<double>(n.frame)}, {"node", str(n.node)},
                             {"state", str(n.state)}, {"b_est_kbps", n.uplinkEstimateKbps}, {"cost", n.cost},
                             {"share", n.share}, {"queue_depth", n.queueDepth}, {"rtt_ms", n.rttMs},
                             {"load", n.load}});
  }
  if (!patches.isEmpty()) root["patches"] = patches;
  if (!gantt.isEmpty()) root["gantt"] = gantt;
  if (!nodes.isEmpty()) root["nodes"] = nodes;
}

}  // namespace

QJsonObject JsonReport::metricsRow(const RecordedMetrics& m) {
  QJsonObject o{
      {"frame", static_cast<double>(m.frame)}, {"time_s", m.timeS}, {"frames", static_cast<double>(m.metrics.frames)}};
  for (const MetricColumns::Column& column : MetricColumns::all()) o[column.key] = column.value(m.metrics);
  return o;
}

QJsonObject JsonReport::build(const SessionData& data, const ReportSummary& summary) {
  QJsonArray knobs, frames, metrics, events, warnings;
  for (const RecordedKnob& k : data.knobs) {
    knobs.append(QJsonObject{{"time_s", k.timeS},
                             {"frame", static_cast<double>(k.frame)},
                             {"id", str(k.id)},
                             {"requested", k.requested},
                             {"applied", k.applied}});
  }
  const bool turboColumns = TurboSessionSummary::hasTurboColumns(data);
  for (const RecordedFrame& f : data.frames) frames.append(frameRow(f, turboColumns));
  for (const RecordedMetrics& m : data.metrics) metrics.append(metricsRow(m));
  for (const RecordedEvent& e : data.events) {
    events.append(QJsonObject{{"time_s", e.timeS}, {"level", str(e.level)}, {"message", str(e.message)}});
  }
  for (const std::string& w : data.warnings) warnings.append(str(w));
  QJsonObject root{{"format", "edgescope-report"},
                   {"version", 1},
                   {"folder", str(data.folder)},
                   {"manifest", manifestObject(data.manifest)},
                   {"summary", summaryObject(summary)},
                   {"knobs", knobs},
                   {"frames", frames},
                   {"metrics", metrics},
                   {"events", events},
                   {"warnings", warnings}};
  addFeatureFiles(data, root);
  return root;
}

QByteArray JsonReport::render(const SessionData& data, const ReportSummary& summary) {
  return QJsonDocument(build(data, summary)).toJson(QJsonDocument::Indented);
}

}  // namespace edgescope
