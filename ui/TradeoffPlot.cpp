#include "TradeoffPlot.h"

#include <qcustomplot.h>

namespace edgescope {

TradeoffPlot::TradeoffPlot(const QVector<ParameterView>& specs, QWidget* parent)
    : LivePlot(parent), tradeoff_(specs) {
  QCustomPlot* p = plot();
  points_ = p->addGraph();
  points_->setName(tr("settings visited"));
  points_->setLineStyle(QCPGraph::lsNone);
  points_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(30, 120, 220), 8));
  current_ = p->addGraph();
  current_->setName(tr("current setting"));
  current_->setLineStyle(QCPGraph::lsNone);
  current_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(QColor(220, 50, 50), 2.5), QBrush(), 16));
  p->xAxis->setLabel(tr("processing fps"));
  p->yAxis->setLabel(tr("MOTA of the setting"));
  setupLegend(Qt::AlignBottom | Qt::AlignLeft);
  setToolTip(tr("One point per knob setting: its mean fps and the MOTA of the frames it tracked (needs GT)"));
}

void TradeoffPlot::clear() {
  tradeoff_.clear();
  requestReplot();
}

void TradeoffPlot::addStatus(const StatusView& status) {
  tradeoff_.add(status);
  requestReplot();
}

void TradeoffPlot::updateAxes() {
  QCustomPlot* p = plot();
  p->clearItems();
  points_->data()->clear();
  current_->data()->clear();
  double maxFps = 10.0, minMota = 0.5;
  const auto& points = tradeoff_.points();
  for (int i = 0; i < points.size(); ++i) {
    const auto& point = points[i];
    if (point.gtBoxes <= 0) continue;
    points_->addData(point.fps, point.mota);
    if (i == tradeoff_.current()) current_->addData(point.fps, point.mota);
    maxFps = std::max(maxFps, point.fps);
    minMota = std::min(minMota, point.mota);
    auto* text = new QCPItemText(p);
    text->position->setCoords(point.fps, point.mota);
    text->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
    text->setPadding(QMargins(6, 0, 0, 4));
    text->setText(point.label.left(48));
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.75);
    text->setFont(small);
  }
  p->xAxis->setRange(0, maxFps * 1.2);
  p->yAxis->setRange(std::min(0.0, minMota - 0.05), 1.0);
}

}  // namespace edgescope
