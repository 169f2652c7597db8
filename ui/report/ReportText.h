#pragma once
/// @file ReportText.h
/// Text helpers shared by the report writers: HTML escaping, std::string → QString, and the number formats the
/// reports use (rates as percentages in tables, shortest round-trip doubles in machine-readable files).
/// Stateless; any thread.

#include <QString>
#include <string>

namespace edgescope {

class ReportText {
 public:
  /// UTF-8 engine string → QString.
  static QString fromStd(const std::string& text) { return QString::fromStdString(text); }
  /// Escapes & < > " ' for HTML text and attribute values.
  static QString escape(const QString& text);
  static QString escape(const std::string& text) { return escape(fromStd(text)); }
  /// A fraction (0–1) as a percentage with one decimal, no sign: 0.6543 → "65.4" (what the metric table shows).
  static QString percent(double fraction);
  /// @p value with @p decimals decimals ("–" for NaN/inf).
  static QString fixed(double value, int decimals);
  /// The shortest text that reads back as exactly @p value (JSON/CSV cells).
  static QString shortest(double value);
};

}  // namespace edgescope
