#include "MetricColumns.h"

#include "ReportText.h"

namespace edgescope {

const std::vector<MetricColumns::Column>& MetricColumns::all() {
  static const std::vector<Column> columns = {
      {"MOTA", "MOTA", true, [](const MotMetrics& m) { return m.mota; }},
      {"IDF1", "IDF1", true, [](const MotMetrics& m) { return m.idf1; }},
      {"HOTA", "HOTA", true, [](const MotMetrics& m) { return m.hota.hota; }},
      {"MOTP", "MOTP", true, [](const MotMetrics& m) { return m.motp; }},
      {"recall", "Recall", true, [](const MotMetrics& m) { return m.recall; }},
      {"precision", "Precision", true, [](const MotMetrics& m) { return m.precision; }},
      {"idsw", "IDSW", false, [](const MotMetrics& m) { return static_cast<double>(m.idsw); }},
      {"fp", "FP", false, [](const MotMetrics& m) { return static_cast<double>(m.fp); }},
      {"fn", "FN", false, [](const MotMetrics& m) { return static_cast<double>(m.fn); }},
      {"gt", "GT", false, [](const MotMetrics& m) { return static_cast<double>(m.gtDetections); }},
  };
  return columns;
}

QString MetricColumns::cell(const Column& column, const MotMetrics& metrics) {
  const double v = column.value(metrics);
  return column.isRate ? ReportText::percent(v) : QString::number(static_cast<qint64>(v));
}

}  // namespace edgescope
