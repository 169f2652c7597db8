#include "ResolutionTimelinePlot.h"

#include <qcustomplot.h>
#include <QVBoxLayout>

namespace edgescope {
namespace {
constexpr int kDefaultRungs = 5;
}

ResolutionTimelinePlot::ResolutionTimelinePlot(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(plot_);
  setMinimumHeight(140);
  QCPGraph* steps = plot_->addGraph();
  steps->setLineStyle(QCPGraph::lsStepLeft);
  steps->setPen(QPen(QColor(30, 120, 220), 1.8));
  QCPGraph* marks = plot_->addGraph();
  marks->setLineStyle(QCPGraph::lsNone);
  marks->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, QColor(200, 120, 0), QColor(255, 176, 0), 7));
  plot_->xAxis->setLabel(tr("frame"));
  plot_->yAxis->setRangeReversed(true);  // rung 0 (highest resolution) on top
  QFont tickFont = font();
  tickFont.setPointSizeF(tickFont.pointSizeF() * 0.8);
  plot_->yAxis->setTickLabelFont(tickFont);
  plot_->xAxis->setTickLabelFont(tickFont);
  setRungLabels({});
  refresh();
}

int ResolutionTimelinePlot::pointCount() const { return plot_->graph(0)->dataCount(); }
int ResolutionTimelinePlot::markerCount() const { return plot_->graph(1)->dataCount(); }

void ResolutionTimelinePlot::setRungLabels(const QStringList& labels) {
  if (labels == labels_ && plot_->yAxis->ticker().dynamicCast<QCPAxisTickerText>()) return;
  labels_ = labels;
  auto ticker = QSharedPointer<QCPAxisTickerText>::create();
  const int rungs = labels.isEmpty() ? kDefaultRungs : static_cast<int>(labels.size());
  for (int rung = 0; rung < rungs; ++rung) {
    ticker->addTick(rung, labels.isEmpty() ? QString::number(rung) : labels[rung]);
  }
  plot_->yAxis->setTicker(ticker);
  plot_->yAxis->setRange(-0.5, rungs - 0.5);
}

void ResolutionTimelinePlot::addFrame(const FrameView& frame) {
  if (!frame.deepscale.active) return;
  if (frame.frameNumber <= lastFrame_) clear();
  lastFrame_ = frame.frameNumber;
  const double x = static_cast<double>(frame.frameNumber);
  plot_->graph(0)->addData(x, frame.deepscale.rung);
  if (frame.deepscale.reselected) plot_->graph(1)->addData(x, frame.deepscale.rung);
  const double oldest = x - kWindowFrames;
  plot_->graph(0)->data()->removeBefore(oldest);
  plot_->graph(1)->data()->removeBefore(oldest);
}

void ResolutionTimelinePlot::clear() {
  plot_->graph(0)->data()->clear();
  plot_->graph(1)->data()->clear();
  lastFrame_ = -1;
}

void ResolutionTimelinePlot::refresh() {
  const auto data = plot_->graph(0)->data();
  const double last = data->isEmpty() ? 0.0 : (data->constEnd() - 1)->key;
  const double first = data->isEmpty() ? 0.0 : data->constBegin()->key;
  plot_->xAxis->setRange(first, std::max(last, first + 50.0));
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace edgescope
