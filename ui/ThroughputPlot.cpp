#include "ThroughputPlot.h"

#include <QVBoxLayout>
#include <qcustomplot.h>

namespace edgescope {
namespace {
constexpr double kWindowSeconds = 60.0;
}

ThroughputPlot::ThroughputPlot(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(plot_);
  setMinimumHeight(160);
  plot_->addGraph();
  plot_->graph(0)->setName(tr("source fps"));
  plot_->graph(0)->setPen(QPen(QColor(120, 120, 120), 1.5, Qt::DashLine));
  plot_->addGraph();
  plot_->graph(1)->setName(tr("processing fps"));
  plot_->graph(1)->setPen(QPen(QColor(30, 120, 220), 2));
  plot_->addGraph(plot_->xAxis, plot_->yAxis2);
  plot_->graph(2)->setName(tr("latency ms"));
  plot_->graph(2)->setPen(QPen(QColor(220, 90, 40), 1.5));
  plot_->xAxis->setLabel(tr("time (s)"));
  plot_->yAxis->setLabel(tr("fps"));
  plot_->yAxis2->setLabel(tr("ms"));
  plot_->yAxis2->setVisible(true);
  plot_->legend->setVisible(true);
  QFont legendFont = font();
  legendFont.setPointSizeF(legendFont.pointSizeF() * 0.8);
  plot_->legend->setFont(legendFont);
  plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignLeft);
  plot_->legend->setBrush(QColor(255, 255, 255, 190));
  clock_.start();
}

int ThroughputPlot::sampleCount() const { return plot_->graph(1)->dataCount(); }

void ThroughputPlot::clear() {
  for (int i = 0; i < plot_->graphCount(); ++i) plot_->graph(i)->data()->clear();
  clock_.restart();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void ThroughputPlot::addFrame(const FrameView& frame) { lastLatencyMs_ = frame.totalLatencyMs; }

void ThroughputPlot::addStatus(const StatusView& status) {
  if (status.state != "playing") return;
  const double t = clock_.elapsed() / 1000.0;
  plot_->graph(0)->addData(t, status.sourceFps);
  plot_->graph(1)->addData(t, status.processingFps);
  plot_->graph(2)->addData(t, lastLatencyMs_);
  for (int i = 0; i < plot_->graphCount(); ++i) plot_->graph(i)->data()->removeBefore(t - kWindowSeconds);
  if (!isVisible()) return;
  plot_->xAxis->setRange(std::max(0.0, t - kWindowSeconds), std::max(10.0, t));
  plot_->graph(1)->rescaleValueAxis(false, true);
  plot_->graph(0)->rescaleValueAxis(true, true);
  plot_->yAxis->setRangeLower(0);
  plot_->yAxis->setRangeUpper(plot_->yAxis->range().upper * 1.15 + 1);
  plot_->graph(2)->rescaleValueAxis(false, true);
  plot_->yAxis2->setRangeLower(0);
  plot_->yAxis2->setRangeUpper(plot_->yAxis2->range().upper * 1.15 + 1);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace edgescope
