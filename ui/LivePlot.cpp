#include "LivePlot.h"

#include <QVBoxLayout>
#include <qcustomplot.h>

namespace edgescope {

LivePlot::LivePlot(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(plot_);
  setMinimumHeight(150);
}

void LivePlot::requestReplot() {
  if (!isVisible()) return;
  updateAxes();
  ++replots_;
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void LivePlot::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  requestReplot();
}

QCPBars* LivePlot::addBars(const QString& name, const QColor& color, double width) {
  auto* bars = new QCPBars(plot_->xAxis, plot_->yAxis);
  bars->setName(name);
  bars->setWidth(width);
  bars->setPen(Qt::NoPen);
  bars->setBrush(color);
  return bars;
}

void LivePlot::setupLegend(Qt::Alignment corner) {
  plot_->legend->setVisible(true);
  QFont legendFont = font();
  legendFont.setPointSizeF(legendFont.pointSizeF() * 0.8);
  plot_->legend->setFont(legendFont);
  plot_->legend->setBrush(QColor(255, 255, 255, 190));
  plot_->axisRect()->insetLayout()->setInsetAlignment(0, corner);
}

}  // namespace edgescope
