#include "ReportText.h"

#include <QLocale>
#include <cmath>

namespace edgescope {

QString ReportText::escape(const QString& text) { return text.toHtmlEscaped().replace('\'', "&#39;"); }

QString ReportText::percent(double fraction) { return fixed(fraction * 100.0, 1); }

QString ReportText::fixed(double value, int decimals) {
  if (!std::isfinite(value)) return QStringLiteral("–");
  return QString::number(value, 'f', decimals);
}

QString ReportText::shortest(double value) { return QString::number(value, 'g', QLocale::FloatingPointShortest); }

}  // namespace edgescope
