#include "BandwidthPlot.h"

#include <qcustomplot.h>

namespace edgescope {
namespace {
const QColor kNodeColors[] = {QColor(30, 120, 220), QColor(230, 120, 20), QColor(40, 160, 80),  QColor(190, 60, 170),
                              QColor(200, 50, 50),  QColor(20, 160, 170), QColor(150, 120, 40), QColor(110, 110, 210)};
constexpr double kMinSpanSeconds = 10.0;

double lastValue(const QCPGraph* graph) {
  return graph->data()->isEmpty() ? -1.0 : (graph->data()->constEnd() - 1)->value;
}
}  // namespace

BandwidthPlot::BandwidthPlot(QWidget* parent) : LivePlot(parent) {
  plot()->xAxis->setLabel(tr("time (s)"));
  plot()->yAxis->setLabel(tr("Kbps (solid ↑ up, dashed ↓ down)"));
  setupLegend(Qt::AlignTop | Qt::AlignLeft);
  plot()->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
  plot()->legend->setWrap(2);  // one row per node: ↑ and ↓ side by side
  clock_.start();
  updateAxes();
}

int BandwidthPlot::sampleCount(const QString& key) const {
  const auto it = series_.constFind(key);
  return it == series_.constEnd() ? 0 : it->uplink->dataCount();
}

double BandwidthPlot::lastUplinkKbps(const QString& key) const {
  const auto it = series_.constFind(key);
  return it == series_.constEnd() ? -1.0 : lastValue(it->uplink);
}

double BandwidthPlot::lastDownlinkKbps(const QString& key) const {
  const auto it = series_.constFind(key);
  return it == series_.constEnd() ? -1.0 : lastValue(it->downlink);
}

BandwidthPlot::Series& BandwidthPlot::seriesFor(const NodeView& node) {
  const QString key = node.key();
  auto it = series_.find(key);
  if (it == series_.end()) {
    const QColor color = kNodeColors[order_.size() % std::size(kNodeColors)];
    Series series;
    series.uplink = plot()->addGraph();
    series.uplink->setPen(QPen(color, 1.8));
    series.downlink = plot()->addGraph();
    series.downlink->setPen(QPen(color, 1.5, Qt::DashLine));
    order_ << key;
    it = series_.insert(key, series);
  }
  // The name changes from the address to the node's own name at the handshake.
  const QString up = tr("%1 ↑").arg(node.name);
  if (it->uplink->name() != up) {
    it->uplink->setName(up);
    it->downlink->setName(tr("%1 ↓").arg(node.name));
  }
  return *it;
}

void BandwidthPlot::addStatus(const StatusView& status) {
  if (status.nodes.isEmpty()) return;
  const double t = clock_.elapsed() / 1000.0;
  lastSeconds_ = t;
  for (const NodeView& node : status.nodes) {
    Series& series = seriesFor(node);
    series.uplink->addData(t, node.uplinkKbps);
    series.downlink->addData(t, node.downlinkKbps);
  }
  for (const Series& series : series_) {
    series.uplink->data()->removeBefore(t - kWindowSeconds);
    series.downlink->data()->removeBefore(t - kWindowSeconds);
  }
  requestReplot();
}

void BandwidthPlot::clear() {
  plot()->clearGraphs();
  series_.clear();
  order_.clear();
  clock_.restart();
  lastSeconds_ = 0.0;
  requestReplot();
}

void BandwidthPlot::updateAxes() {
  plot()->xAxis->setRange(std::max(0.0, lastSeconds_ - kWindowSeconds), std::max(kMinSpanSeconds, lastSeconds_));
  double maxKbps = 1.0;
  for (int i = 0; i < plot()->graphCount(); ++i) {
    bool found = false;
    const QCPRange range = plot()->graph(i)->getValueRange(found);
    if (found) maxKbps = std::max(maxKbps, range.upper);
  }
  plot()->yAxis->setRange(0, maxKbps * 1.15);
}

}  // namespace edgescope
