#pragma once
/// @file ParameterControl.h
/// The editor of one engine parameter, chosen from its spec: a check box for toggles, preset buttons for up to four
/// choices, a combo box for more, and a slider with a spin box for numbers. It shows the value the engine applied
/// (the echo), and marks a request the engine has not confirmed yet or changed (clamped, snapped). GUI thread.

#include <QWidget>

#include "ViewTypes.h"

class QAbstractButton;
class QButtonGroup;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSlider;

namespace edgescope {

class ParameterControl : public QWidget {
  Q_OBJECT
 public:
  explicit ParameterControl(const ParameterView& spec, QWidget* parent = nullptr);
  const ParameterView& spec() const { return spec_; }
  /// Last value the engine reported as applied (NaN before the first echo).
  double appliedValue() const { return applied_; }
  /// Last value the operator asked for (NaN when none).
  double requestedValue() const { return requested_; }
  /// Asks for @p value exactly as an operator edit would (emits valueRequested).
  void request(double value);
  /// Shows @p value as applied; editors follow unless the operator is dragging.
  void setApplied(double value);

 signals:
  void valueRequested(const QString& id, double value);

 private:
  QWidget* createEditor();
  void showValue(double value);
  void updateAppliedLabel();
  int positionOf(double value) const;
  double valueAt(int position) const;
  int stepCount() const;
  ParameterView spec_;
  double applied_;
  double requested_;
  bool pending_ = false;  ///< a request the engine has not echoed yet
  QCheckBox* check_ = nullptr;
  QButtonGroup* buttons_ = nullptr;
  QComboBox* combo_ = nullptr;
  QSlider* slider_ = nullptr;
  QDoubleSpinBox* spin_ = nullptr;
  QLabel* appliedLabel_ = nullptr;
};

}  // namespace edgescope
