#pragma once
/// @file TradeoffPlot.h
/// Accuracy (MOTA) against processing fps, one point per knob setting the session visited (SettingTradeoff), the
/// current setting ringed. Coalesced, visible-only redraws (GUI thread).

#include "LivePlot.h"
#include "SettingTradeoff.h"

namespace edgescope {

class TradeoffPlot : public LivePlot {
  Q_OBJECT
 public:
  explicit TradeoffPlot(const QVector<ParameterView>& specs, QWidget* parent = nullptr);
  const SettingTradeoff& tradeoff() const { return tradeoff_; }

 public slots:
  void addStatus(const edgescope::StatusView& status);
  void clear();

 protected:
  void updateAxes() override;

 private:
  SettingTradeoff tradeoff_;
  class QCPGraph* points_;
  class QCPGraph* current_;
};

}  // namespace edgescope
