#include "ParameterControl.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QToolButton>
#include <cmath>
#include <limits>

namespace edgescope {
namespace {
constexpr int kMaxPresetButtons = 4;  // more choices than this go into a combo box
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

int decimalsOf(double step) {
  if (step <= 0) return 3;
  int decimals = 0;
  while (decimals < 4 && std::fabs(step * std::pow(10.0, decimals) - std::round(step * std::pow(10.0, decimals))) > 1e-9) {
    ++decimals;
  }
  return decimals;
}
}  // namespace

ParameterControl::ParameterControl(const ParameterView& spec, QWidget* parent)
    : QWidget(parent), spec_(spec), applied_(kNaN), requested_(kNaN) {
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  QWidget* editor = createEditor();
  if (slider_) {  // numbers: the slider carries the id, the spin box "spin_" + id
    slider_->setObjectName("param_" + spec_.id);
    spin_->setObjectName("spin_" + spec_.id);
  } else {
    editor->setObjectName("param_" + spec_.id);
  }
  layout->addWidget(editor, 1);
  appliedLabel_ = new QLabel(this);
  appliedLabel_->setObjectName("applied_" + spec_.id);
  appliedLabel_->setMinimumWidth(18);
  layout->addWidget(appliedLabel_);
  const QString range = spec_.choices.isEmpty() && !spec_.toggle
                            ? tr("\nRange %1 – %2 %3, step %4, default %5")
                                  .arg(spec_.minValue).arg(spec_.maxValue).arg(spec_.unit).arg(spec_.step)
                                  .arg(spec_.defaultValue)
                            : QString();
  setToolTip(spec_.description + range + tr("\nid: %1").arg(spec_.id));
  showValue(spec_.defaultValue);
  updateAppliedLabel();
}

QWidget* ParameterControl::createEditor() {
  if (spec_.toggle) {
    check_ = new QCheckBox(this);
    connect(check_, &QCheckBox::toggled, this, [this](bool on) { request(on ? 1.0 : 0.0); });
    return check_;
  }
  if (!spec_.choices.isEmpty() && spec_.choices.size() <= kMaxPresetButtons) {
    auto* row = new QWidget(this);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    buttons_ = new QButtonGroup(row);
    buttons_->setExclusive(true);
    for (int i = 0; i < spec_.choices.size(); ++i) {
      auto* button = new QToolButton(row);
      button->setText(spec_.choices[i]);
      button->setCheckable(true);
      button->setObjectName(QStringLiteral("choice_%1_%2").arg(spec_.id).arg(i));
      buttons_->addButton(button, i);
      layout->addWidget(button);
    }
    layout->addStretch(1);
    connect(buttons_, &QButtonGroup::idClicked, this,
            [this](int index) { request(spec_.minValue + index * std::max(spec_.step, 1.0)); });
    return row;
  }
  if (!spec_.choices.isEmpty()) {
    combo_ = new QComboBox(this);
    combo_->addItems(spec_.choices);
    connect(combo_, QOverload<int>::of(&QComboBox::activated), this,
            [this](int index) { request(spec_.minValue + index * std::max(spec_.step, 1.0)); });
    return combo_;
  }
  auto* row = new QWidget(this);
  auto* layout = new QHBoxLayout(row);
  layout->setContentsMargins(0, 0, 0, 0);
  slider_ = new QSlider(Qt::Horizontal, row);
  slider_->setRange(0, stepCount());
  spin_ = new QDoubleSpinBox(row);
  spin_->setRange(spec_.minValue, spec_.maxValue);
  spin_->setDecimals(decimalsOf(spec_.step));
  spin_->setSingleStep(spec_.step > 0 ? spec_.step : (spec_.maxValue - spec_.minValue) / 100.0);
  spin_->setSuffix(spec_.unit.isEmpty() ? QString() : " " + spec_.unit);
  spin_->setKeyboardTracking(false);
  spin_->setMinimumWidth(84);
  layout->addWidget(slider_, 1);
  layout->addWidget(spin_);
  connect(slider_, &QSlider::valueChanged, this, [this](int position) {
    const double value = valueAt(position);
    const QSignalBlocker blocker(spin_);
    spin_->setValue(value);
    request(value);
  });
  connect(spin_, QOverload<double>::of(&QDoubleSpinBox::valueChanged), this, [this](double value) {
    const QSignalBlocker blocker(slider_);
    slider_->setValue(positionOf(value));
    request(value);
  });
  return row;
}

int ParameterControl::stepCount() const {
  const double step = spec_.step > 0 ? spec_.step : (spec_.maxValue - spec_.minValue) / 1000.0;
  return std::max(1, static_cast<int>(std::lround((spec_.maxValue - spec_.minValue) / step)));
}
double ParameterControl::valueAt(int position) const {
  return spec_.minValue + (spec_.maxValue - spec_.minValue) * position / stepCount();
}
int ParameterControl::positionOf(double value) const {
  return static_cast<int>(std::lround((value - spec_.minValue) / (spec_.maxValue - spec_.minValue) * stepCount()));
}

void ParameterControl::request(double value) {
  requested_ = value;
  pending_ = true;
  updateAppliedLabel();
  emit valueRequested(spec_.id, value);
}

void ParameterControl::showValue(double value) {
  const int index = static_cast<int>(std::lround((value - spec_.minValue) / std::max(spec_.step, 1.0)));
  if (check_) {
    const QSignalBlocker blocker(check_);
    check_->setChecked(value > 0.5);
  } else if (buttons_) {
    if (QAbstractButton* button = buttons_->button(index)) button->setChecked(true);
  } else if (combo_) {
    combo_->setCurrentIndex(index);
  } else if (!slider_->isSliderDown() && !spin_->hasFocus()) {
    const QSignalBlocker sliderBlocker(slider_), spinBlocker(spin_);
    slider_->setValue(positionOf(value));
    spin_->setValue(value);
  }
}

void ParameterControl::setApplied(double value) {
  applied_ = value;
  pending_ = false;
  showValue(value);
  updateAppliedLabel();
}

void ParameterControl::updateAppliedLabel() {
  // ✓: the engine runs the value shown; … : waiting for the echo; ≠: the engine applied another value.
  const double tolerance = std::max(1e-9, spec_.step * 1e-3);
  QString mark, tip;
  if (std::isnan(applied_) || pending_) {
    mark = QStringLiteral("…");
    tip = tr("waiting for the engine to apply it");
  } else if (!std::isnan(requested_) && std::fabs(requested_ - applied_) > tolerance) {
    mark = QStringLiteral("≠");
    tip = tr("asked for %1, the engine applied %2").arg(requested_).arg(applied_);
  } else {
    mark = QStringLiteral("✓");
    tip = tr("applied: %1 %2").arg(applied_).arg(spec_.unit);
  }
  appliedLabel_->setText(mark);
  appliedLabel_->setToolTip(tip);
}

}  // namespace edgescope
