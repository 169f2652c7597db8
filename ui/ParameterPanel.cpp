#include "ParameterPanel.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>
#include <cmath>
#include <limits>

#include "ParameterControl.h"

namespace edgescope {

QString ParameterPanel::groupTitle(const QString& group) {
  static const QMap<QString, QString> kTitles = {
      {"playback", tr("Playback")}, {"track", tr("Tracker")}, {"deepscale", tr("DeepScale resolution")}};
  if (kTitles.contains(group)) return kTitles.value(group);
  return group.isEmpty() ? group : group.left(1).toUpper() + group.mid(1);
}

ParameterPanel::ParameterPanel(const QVector<ParameterView>& parameters, QWidget* parent)
    : QWidget(parent), filter_(new QLineEdit(this)) {
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(4, 4, 4, 4);
  filter_->setPlaceholderText(tr("Filter knobs…"));
  filter_->setClearButtonEnabled(true);
  outer->addWidget(filter_);
  auto* scroll = new QScrollArea(this);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  auto* content = new QWidget(scroll);
  auto* column = new QVBoxLayout(content);
  column->setContentsMargins(0, 0, 0, 0);
  QMap<QString, QFormLayout*> forms;  // group → its form, in declaration order of the first member
  for (const auto& parameter : parameters) {
    QFormLayout*& form = forms[parameter.group()];
    if (!form) {
      auto* box = new QGroupBox(groupTitle(parameter.group()), content);
      box->setObjectName("group_" + parameter.group());
      form = new QFormLayout(box);
      form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
      auto* defaults = new QPushButton(tr("Defaults"), box);
      defaults->setToolTip(tr("Set every %1 knob to its default").arg(box->title()));
      connect(defaults, &QPushButton::clicked, this, [this, group = parameter.group()] {
        for (ParameterControl* control : std::as_const(controls_)) {
          if (control->spec().group() == group) control->request(control->spec().defaultValue);
        }
      });
      form->addRow(QString(), defaults);
      column->addWidget(box);
    }
    auto* control = new ParameterControl(parameter, content);
    auto* label = new QLabel(parameter.label, content);
    label->setToolTip(control->toolTip());
    label->setBuddy(control);
    form->insertRow(form->rowCount() - 1, label, control);
    connect(control, &ParameterControl::valueRequested, this, &ParameterPanel::parameterChanged);
    controls_.insert(parameter.id, control);
    labels_.insert(parameter.id, label);
  }
  column->addStretch(1);
  scroll->setWidget(content);
  outer->addWidget(scroll, 1);
  connect(filter_, &QLineEdit::textChanged, this, &ParameterPanel::setFilter);
}

void ParameterPanel::setFilter(const QString& text) {
  for (ParameterControl* control : std::as_const(controls_)) {
    const ParameterView& spec = control->spec();
    const bool match = text.isEmpty() || spec.label.contains(text, Qt::CaseInsensitive) ||
                       spec.id.contains(text, Qt::CaseInsensitive) ||
                       spec.description.contains(text, Qt::CaseInsensitive);
    control->setVisible(match);
    if (QLabel* label = labels_.value(spec.id, nullptr)) label->setVisible(match);
  }
}

double ParameterPanel::appliedValue(const QString& id) const {
  const ParameterControl* control = controls_.value(id, nullptr);
  return control ? control->appliedValue() : std::numeric_limits<double>::quiet_NaN();
}

void ParameterPanel::setApplied(const QString& id, double value) {
  if (ParameterControl* control = controls_.value(id, nullptr)) control->setApplied(value);
}

void ParameterPanel::setStatus(const StatusView& status) {
  for (auto it = status.parameters.begin(); it != status.parameters.end(); ++it) {
    ParameterControl* control = controls_.value(it.key(), nullptr);
    if (control && !(control->appliedValue() == it.value())) control->setApplied(it.value());
  }
}

}  // namespace edgescope
