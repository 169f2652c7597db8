#include "CsvReport.h"

#include "MetricColumns.h"
#include "ReportSummary.h"
#include "ReportText.h"
#include "TurboSessionSummary.h"

#include <cmath>

namespace edgescope {

QStringList CsvReport::header(const SessionData& data) {
  QStringList columns = {"frame",      "time_s",     "input_width", "input_height", "rung",
                         "reselected", "detections", "tracks",      "total_ms"};
  if (TurboSessionSummary::hasTurboColumns(data)) {
    columns << "difficulty"
            << "exit"
            << "budget_ms"
            << "turbo_ms"
            << "degrade_kind"
            << "degrade_strength";
  }
  for (const std::string& stage : ReportSummary::stageNames(data)) columns << QString::fromStdString(stage) + "_ms";
  for (const std::string& name : ReportSummary::moduleFieldNames(data)) columns << QString::fromStdString(name);
  for (const MetricColumns::Column& column : MetricColumns::all()) columns << column.key;
  return columns;
}

QByteArray CsvReport::render(const SessionData& data) {
  const std::vector<std::string> stages = ReportSummary::stageNames(data);
  const std::vector<std::string> modules = ReportSummary::moduleFieldNames(data);
  const bool turboColumns = TurboSessionSummary::hasTurboColumns(data);
  QByteArray out = header(data).join(',').toUtf8() + '\n';
  const RecordedMetrics* current = nullptr;
  std::size_t next = 0;
  for (const RecordedFrame& f : data.frames) {
    while (next < data.metrics.size() && data.metrics[next].frame <= f.frame) current = &data.metrics[next++];
    QStringList cells = {
        QString::number(f.frame),       ReportText::shortest(f.timeS), QString::number(f.inputWidth),
        QString::number(f.inputHeight), QString::number(f.rung),       f.reselected ? "1" : "0",
        QString::number(f.detections),  QString::number(f.tracks),     ReportText::shortest(f.totalMs)};
    if (turboColumns) {
      cells << (std::isfinite(f.difficulty) ? ReportText::shortest(f.difficulty) : QString()) << QString::number(f.exit)
            << ReportText::shortest(f.budgetMs) << ReportText::shortest(f.turboMs)
            << QString::fromStdString(f.degradeKind) << ReportText::shortest(f.degradeStrength);
    }
    for (const std::string& stage : stages) {
      QString cell;
      for (const auto& [name, ms] : f.stageMs) {
        if (name == stage) cell = ReportText::shortest(ms);
      }
      cells << cell;
    }
    for (const std::string& name : modules) {
      cells << (f.hasModuleField(name) ? ReportText::shortest(f.moduleField(name, 0.0)) : QString());
    }
    for (const MetricColumns::Column& column : MetricColumns::all()) {
      cells << (current ? ReportText::shortest(column.value(current->metrics)) : QString());
    }
    out += cells.join(',').toUtf8() + '\n';
  }
  return out;
}

}  // namespace edgescope
