#pragma once
/// @file ParameterPanel.h
/// The knobs panel: one ParameterControl per parameter the engine declares, grouped by the id's prefix (playback,
/// track, deepscale, …), with a filter box and a "defaults" button per group. Nothing here names a parameter: the
/// panel is built from the specs alone. Shows the values the engine echoes as applied (GUI thread).

#include <QMap>
#include <QWidget>

#include "ViewTypes.h"

class QLabel;
class QLineEdit;

namespace edgescope {

class ParameterControl;

class ParameterPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ParameterPanel(const QVector<ParameterView>& parameters, QWidget* parent = nullptr);
  /// The last value the engine reported as applied for @p id (NaN when none yet or unknown).
  double appliedValue(const QString& id) const;
  /// The control of @p id (nullptr when unknown); for tests and shortcuts.
  ParameterControl* control(const QString& id) const { return controls_.value(id, nullptr); }
  QStringList ids() const { return controls_.keys(); }
  /// Human title of a parameter group ("track" → "Tracker").
  static QString groupTitle(const QString& group);

 public slots:
  void setApplied(const QString& id, double value);
  void setStatus(const edgescope::StatusView& status);
  /// Shows only the parameters whose label, id or description contains @p text.
  void setFilter(const QString& text);

 signals:
  void parameterChanged(const QString& id, double value);

 private:
  QMap<QString, ParameterControl*> controls_;
  QMap<QString, QLabel*> labels_;
  QLineEdit* filter_;
};

}  // namespace edgescope
