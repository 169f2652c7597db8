#pragma once
/// @file HtmlTable.h
/// Builds one HTML table whose every cell is escaped, in a form both browsers and QTextDocument (PDF) lay out.
/// Value type; any thread.

#include <QString>
#include <QStringList>

namespace edgescope {

class HtmlTable {
 public:
  /// @p headers become the header row (none when empty); @p cssClass is set on the table.
  explicit HtmlTable(const QStringList& headers = {}, const QString& cssClass = QString());
  /// Appends a row; each cell is HTML-escaped.
  HtmlTable& addRow(const QStringList& cells);
  /// Appends a label/value row whose value is shown monospaced and may wrap anywhere (JSON, hashes, URIs).
  HtmlTable& addCodeRow(const QString& label, const QString& value);
  int rowCount() const { return rows_; }
  QString html() const;

 private:
  QString html_;
  QString cssClass_;
  int rows_ = 0;
};

}  // namespace edgescope
