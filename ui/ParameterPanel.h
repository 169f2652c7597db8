#pragma once
/// @file ParameterPanel.h
/// Builds one control per engine parameter (slider + value for ranges, check box for toggles) from the specs the
/// engine declares. Shows the value the engine echoes back as applied (GUI thread).

#include <QWidget>

#include "ViewTypes.h"

class QFormLayout;

namespace edgescope {

class ParameterPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ParameterPanel(const QVector<ParameterView>& parameters, QWidget* parent = nullptr);
  /// The last value the engine reported as applied for @p id (NaN when none yet).
  double appliedValue(const QString& id) const;

 public slots:
  void setApplied(const QString& id, double value);
  void setStatus(const edgescope::StatusView& status);

 signals:
  void parameterChanged(const QString& id, double value);

 private:
  void addControl(QFormLayout* form, const ParameterView& parameter);
  struct Control {
    ParameterView spec;
    QWidget* editor = nullptr;
    class QLabel* valueLabel = nullptr;
    double applied;
  };
  QMap<QString, Control> controls_;
};

}  // namespace edgescope
