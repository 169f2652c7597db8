#include "ParameterPanel.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <cmath>
#include <limits>

namespace edgescope {
namespace {

int stepsOf(const ParameterView& p) {
  const double step = p.step > 0 ? p.step : (p.maxValue - p.minValue) / 1000.0;
  return std::max(1, static_cast<int>(std::lround((p.maxValue - p.minValue) / step)));
}
double valueAt(const ParameterView& p, int position) {
  return p.minValue + (p.maxValue - p.minValue) * position / stepsOf(p);
}
int positionOf(const ParameterView& p, double value) {
  return static_cast<int>(std::lround((value - p.minValue) / (p.maxValue - p.minValue) * stepsOf(p)));
}
QString formatValue(const ParameterView& p, double value) {
  const int decimals = p.step >= 1 || p.step == 0 ? (p.step == 0 ? 2 : 0) : 2;
  return QString::number(value, 'f', decimals) + (p.unit.isEmpty() ? QString() : " " + p.unit);
}

}  // namespace

ParameterPanel::ParameterPanel(const QVector<ParameterView>& parameters, QWidget* parent) : QWidget(parent) {
  auto* form = new QFormLayout(this);
  for (const auto& parameter : parameters) addControl(form, parameter);
}

void ParameterPanel::addControl(QFormLayout* form, const ParameterView& parameter) {
  Control control{parameter, nullptr, nullptr, std::numeric_limits<double>::quiet_NaN()};
  if (parameter.toggle) {
    auto* box = new QCheckBox(this);
    box->setChecked(parameter.defaultValue > 0.5);
    connect(box, &QCheckBox::toggled, this, [this, id = parameter.id](bool on) { emit parameterChanged(id, on ? 1 : 0); });
    control.editor = box;
    form->addRow(parameter.label, box);
  } else {
    auto* row = new QWidget(this);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* slider = new QSlider(Qt::Horizontal, row);
    slider->setRange(0, stepsOf(parameter));
    slider->setValue(positionOf(parameter, parameter.defaultValue));
    auto* label = new QLabel(formatValue(parameter, parameter.defaultValue), row);
    label->setMinimumWidth(60);
    layout->addWidget(slider, 1);
    layout->addWidget(label);
    connect(slider, &QSlider::valueChanged, this, [this, parameter](int position) {
      emit parameterChanged(parameter.id, valueAt(parameter, position));
    });
    control.editor = slider;
    control.valueLabel = label;
    form->addRow(parameter.label, row);
  }
  control.editor->setObjectName("param_" + parameter.id);
  control.editor->setToolTip(parameter.description);
  controls_.insert(parameter.id, control);
}

double ParameterPanel::appliedValue(const QString& id) const {
  return controls_.contains(id) ? controls_[id].applied : std::numeric_limits<double>::quiet_NaN();
}

void ParameterPanel::setApplied(const QString& id, double value) {
  auto it = controls_.find(id);
  if (it == controls_.end()) return;
  it->applied = value;
  const QSignalBlocker blocker(it->editor);
  if (auto* box = qobject_cast<QCheckBox*>(it->editor)) box->setChecked(value > 0.5);
  if (auto* slider = qobject_cast<QSlider*>(it->editor)) {
    if (!slider->isSliderDown()) slider->setValue(positionOf(it->spec, value));
  }
  if (it->valueLabel) it->valueLabel->setText(formatValue(it->spec, value));
}

void ParameterPanel::setStatus(const StatusView& status) {
  for (auto it = status.parameters.begin(); it != status.parameters.end(); ++it) {
    if (controls_.contains(it.key()) && controls_[it.key()].applied != it.value()) setApplied(it.key(), it.value());
  }
}

}  // namespace edgescope
