#include "NodeCostDelegate.h"

#include <QDoubleSpinBox>
#include <algorithm>
#include <cmath>

namespace edgescope {

NodeCostDelegate::NodeCostDelegate(QObject* parent) : QStyledItemDelegate(parent) {}

double NodeCostDelegate::clampCost(double cost) {
  return std::isfinite(cost) ? std::clamp(cost, kMinCost, kMaxCost) : kMinCost;
}

QString NodeCostDelegate::costText(double cost) { return QString::number(clampCost(cost), 'f', kDecimals); }

QWidget* NodeCostDelegate::createEditor(QWidget* parent, const QStyleOptionViewItem&, const QModelIndex&) const {
  auto* spin = new QDoubleSpinBox(parent);
  spin->setObjectName("nodeCostEditor");
  spin->setFrame(false);
  spin->setRange(kMinCost, kMaxCost);
  spin->setSingleStep(kStep);
  spin->setDecimals(kDecimals);
  spin->setToolTip(tr("The node's cost c (0 = free, 1 = avoid): the scheduler weighs accuracy against γ·c"));
  return spin;
}

void NodeCostDelegate::setEditorData(QWidget* editor, const QModelIndex& index) const {
  bool ok = false;
  const double cost = index.data(Qt::EditRole).toString().toDouble(&ok);
  static_cast<QDoubleSpinBox*>(editor)->setValue(ok ? clampCost(cost) : kMinCost);
}

void NodeCostDelegate::setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const {
  auto* spin = static_cast<QDoubleSpinBox*>(editor);
  spin->interpretText();
  model->setData(index, costText(spin->value()), Qt::EditRole);
}

}  // namespace edgescope
