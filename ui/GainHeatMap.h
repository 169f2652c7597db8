#pragma once
/// @file GainHeatMap.h
/// Turbo's gain profile P[bucket][exit] as a heat map (issue 21): x = exit 0 … maxExit, y = difficulty bucket (d in
/// steps of 0.1, hard at the top), colour = predicted AP50 gain in points (a diverging scale centred on 0, so
/// exits that lose show blue), with the value written in each cell. Without an enhancer the map is empty and says so.
/// GUI thread.

#include <QVector>

#include "LivePlot.h"

class QCPColorMap;
class QCPItemText;

namespace edgescope {

class GainHeatMap : public LivePlot {
  Q_OBJECT
 public:
  explicit GainHeatMap(QWidget* parent = nullptr);
  /// @p gains[bucket][exit] in AP50 points; an unchanged table costs nothing, an empty one clears the map.
  void setProfile(const QVector<QVector<double>>& gains);
  const QVector<QVector<double>>& profile() const { return gains_; }
  /// Cell labels drawn (one per bucket × exit).
  int labelCount() const { return static_cast<int>(labels_.size()); }

 private:
  QCPColorMap* map_;
  QVector<QCPItemText*> labels_;
  QVector<QVector<double>> gains_;
  QCPItemText* empty_;
};

}  // namespace edgescope
