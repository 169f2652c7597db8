#include "HtmlTable.h"

#include "ReportText.h"

namespace edgescope {

HtmlTable::HtmlTable(const QStringList& headers, const QString& cssClass) : cssClass_(cssClass) {
  if (headers.isEmpty()) return;
  html_ += "<tr>";
  for (const QString& header : headers) html_ += "<th>" + ReportText::escape(header) + "</th>";
  html_ += "</tr>\n";
}

HtmlTable& HtmlTable::addRow(const QStringList& cells) {
  html_ += "<tr>";
  for (const QString& cell : cells) html_ += "<td>" + ReportText::escape(cell) + "</td>";
  html_ += "</tr>\n";
  ++rows_;
  return *this;
}

HtmlTable& HtmlTable::addCodeRow(const QString& label, const QString& value) {
  html_ += "<tr><td>" + ReportText::escape(label) + "</td><td class=\"code\"><code>" + ReportText::escape(value) +
           "</code></td></tr>\n";
  ++rows_;
  return *this;
}

QString HtmlTable::html() const {
  const QString cls = cssClass_.isEmpty() ? QString() : " class=\"" + ReportText::escape(cssClass_) + "\"";
  return "<table" + cls + " border=\"1\" cellspacing=\"0\" cellpadding=\"4\">\n" + html_ + "</table>\n";
}

}  // namespace edgescope
