#include "ResolutionHistogramPlot.h"

#include <qcustomplot.h>
#include <QVBoxLayout>
#include <cmath>

namespace edgescope {

ResolutionHistogramPlot::ResolutionHistogramPlot(QWidget* parent)
    : QWidget(parent), plot_(new QCustomPlot(this)), bars_(new QCPBars(plot_->xAxis, plot_->yAxis)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(plot_);
  setMinimumHeight(120);
  bars_->setWidth(0.7);
  bars_->setPen(QPen(QColor(30, 120, 220)));
  bars_->setBrush(QColor(30, 120, 220, 140));
  plot_->yAxis->setRange(0, 1);
  plot_->yAxis->setLabel(tr("fraction of frames"));
  QFont tickFont = font();
  tickFont.setPointSizeF(tickFont.pointSizeF() * 0.8);
  plot_->xAxis->setTickLabelFont(tickFont);
  plot_->yAxis->setTickLabelFont(tickFont);
  plot_->yAxis->setLabelFont(tickFont);
  plot_->xAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
  plot_->xAxis->setRange(-0.6, 4.6);
}

int ResolutionHistogramPlot::barCount() const { return bars_->dataCount(); }

double ResolutionHistogramPlot::barValue(int rung) const {
  for (auto it = bars_->data()->constBegin(); it != bars_->data()->constEnd(); ++it) {
    if (static_cast<int>(std::lround(it->key)) == rung) return it->value;
  }
  return 0.0;
}

void ResolutionHistogramPlot::setHistogram(const QVector<double>& fractions, const QStringList& labels, qint64 frames) {
  QVector<double> keys, values;
  for (int rung = 0; rung < fractions.size(); ++rung) {
    keys.push_back(rung);
    values.push_back(std::isfinite(fractions[rung]) && fractions[rung] > 0 ? fractions[rung] : 0.0);
  }
  bars_->setData(keys, values, true);
  plot_->yAxis->setLabel(frames > 0 ? tr("fraction of %1 frames").arg(frames) : tr("fraction of frames"));
  if (labels != labels_ || fractions.size() != tickCount_) {
    labels_ = labels;
    tickCount_ = fractions.size();
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (int rung = 0; rung < fractions.size(); ++rung) {
      ticker->addTick(rung, rung < labels.size() ? labels[rung] : QString::number(rung));
    }
    plot_->xAxis->setTicker(ticker);
    plot_->xAxis->setRange(-0.6, std::max(1, static_cast<int>(fractions.size())) - 0.4);
  }
}

void ResolutionHistogramPlot::clear() { setHistogram({}, labels_, 0); }

void ResolutionHistogramPlot::refresh() { plot_->replot(QCustomPlot::rpQueuedReplot); }

}  // namespace edgescope
