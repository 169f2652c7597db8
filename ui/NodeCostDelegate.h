#pragma once
/// @file NodeCostDelegate.h
/// Editor of the cluster panel's cost column (ParaLoupe, issue 20): a spin box 0.00–1.00 in steps of 0.05, so the
/// operator can only enter a cost the scheduler accepts. The cell holds the cost as text with two decimals. Owned by
/// the table it is set on (Qt parent); GUI thread.

#include <QStyledItemDelegate>

namespace edgescope {

class NodeCostDelegate : public QStyledItemDelegate {
  Q_OBJECT
 public:
  static constexpr double kMinCost = 0.0;
  static constexpr double kMaxCost = 1.0;
  static constexpr double kStep = 0.05;
  static constexpr int kDecimals = 2;

  explicit NodeCostDelegate(QObject* parent = nullptr);
  /// @p cost clamped to kMinCost..kMaxCost; NaN and infinities give kMinCost.
  static double clampCost(double cost);
  /// The cell text of @p cost ("0.30").
  static QString costText(double cost);

  QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
  void setEditorData(QWidget* editor, const QModelIndex& index) const override;
  void setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const override;
};

}  // namespace edgescope
