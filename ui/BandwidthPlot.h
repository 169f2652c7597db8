#pragma once
/// @file BandwidthPlot.h
/// Measured uplink (camera → node, solid) and downlink (node → camera, dashed) traffic of every edge node over the
/// last minute, in Kbps, one colour per node (issue 6). Samples come from each status (EngineStatus::nodes); a node
/// keeps its colour while the plot lives. Coalesced, visible-only redraws (LivePlot). GUI thread.

#include <QElapsedTimer>
#include <QMap>
#include <QStringList>

#include "LivePlot.h"
#include "ViewTypes.h"

class QCPGraph;

namespace edgescope {

class BandwidthPlot : public LivePlot {
  Q_OBJECT
 public:
  static constexpr double kWindowSeconds = 60.0;

  explicit BandwidthPlot(QWidget* parent = nullptr);
  /// Nodes plotted so far (NodeView::key()), in the order they appeared.
  QStringList nodeKeys() const { return order_; }
  /// Samples in the window of node @p key (0 when unknown); uplink and downlink have one each per status.
  int sampleCount(const QString& key) const;
  /// Latest uplink / downlink Kbps plotted for node @p key (-1 when unknown).
  double lastUplinkKbps(const QString& key) const;
  double lastDownlinkKbps(const QString& key) const;

 public slots:
  void addStatus(const edgescope::StatusView& status);
  /// Forgets every node and sample (the active session changed).
  void clear();

 protected:
  void updateAxes() override;

 private:
  struct Series {
    QCPGraph* uplink = nullptr;
    QCPGraph* downlink = nullptr;
  };
  Series& seriesFor(const NodeView& node);
  QMap<QString, Series> series_;
  QStringList order_;
  QElapsedTimer clock_;
  double lastSeconds_ = 0.0;
};

}  // namespace edgescope
