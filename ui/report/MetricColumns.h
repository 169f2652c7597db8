#pragma once
/// @file MetricColumns.h
/// The metric columns every report shows, in order — MOTA IDF1 HOTA MOTP Recall Precision IDSW FP FN GT — with the
/// key metrics.csv uses (JSON/CSV) and the label the HTML table uses. Stateless; any thread.

#include <QString>
#include <vector>

#include "eval/MotMetrics.h"

namespace edgescope {

class MetricColumns {
 public:
  struct Column {
    QString key;    ///< metrics.csv / JSON / CSV key: "MOTA", "recall", "idsw", …
    QString label;  ///< table header: "MOTA", "Recall", "IDSW", …
    bool isRate;    ///< a fraction 0–1 (shown as %), else a count
    double (*value)(const MotMetrics&);
  };
  /// The ten columns, in table order.
  static const std::vector<Column>& all();
  /// Table cell: rates via ReportText::percent, counts as integers.
  static QString cell(const Column& column, const MotMetrics& metrics);
};

}  // namespace edgescope
