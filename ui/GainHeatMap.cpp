#include "GainHeatMap.h"

#include <qcustomplot.h>
#include <algorithm>
#include <cmath>

namespace edgescope {
namespace {
constexpr double kMinScalePoints = 1.0;
}

GainHeatMap::GainHeatMap(QWidget* parent) : LivePlot(parent) {
  QCustomPlot* p = plot();
  map_ = new QCPColorMap(p->xAxis, p->yAxis);
  QCPColorGradient gradient(QCPColorGradient::gpPolar);
  map_->setGradient(gradient);
  map_->setInterpolate(false);
  p->xAxis->setLabel(tr("exit"));
  p->yAxis->setLabel(tr("difficulty bucket"));
  empty_ = new QCPItemText(p);
  empty_->position->setType(QCPItemPosition::ptAxisRectRatio);
  empty_->position->setCoords(0.5, 0.5);
  empty_->setText(tr("no enhancer loaded"));
  setMinimumHeight(160);
}

void GainHeatMap::setProfile(const QVector<QVector<double>>& gains) {
  if (gains == gains_) return;
  gains_ = gains;
  QCustomPlot* p = plot();
  for (QCPItemText* label : labels_) p->removeItem(label);
  labels_.clear();
  const int buckets = static_cast<int>(gains.size());
  const int exits = buckets > 0 ? static_cast<int>(gains.front().size()) : 0;
  empty_->setVisible(buckets == 0 || exits == 0);
  map_->data()->setSize(std::max(1, exits), std::max(1, buckets));
  map_->data()->setRange(QCPRange(0, std::max(1, exits - 1)), QCPRange(0, std::max(1, buckets - 1)));
  map_->data()->fill(0.0);
  double scale = kMinScalePoints;
  QFont small = font();
  small.setPointSizeF(small.pointSizeF() * 0.7);
  for (int bucket = 0; bucket < buckets; ++bucket) {
    for (int exit = 0; exit < exits && exit < gains[bucket].size(); ++exit) {
      const double gain = std::isfinite(gains[bucket][exit]) ? gains[bucket][exit] : 0.0;
      map_->data()->setCell(exit, bucket, gain);
      scale = std::max(scale, std::abs(gain));
      auto* label = new QCPItemText(p);
      label->position->setCoords(exit, bucket);
      label->setFont(small);
      label->setText(QString::number(gain, 'f', 1));
      labels_.push_back(label);
    }
  }
  map_->setDataRange(QCPRange(-scale, scale));
  auto yTicks = QSharedPointer<QCPAxisTickerText>::create();
  for (int bucket = 0; bucket < buckets; bucket += 2) {
    yTicks->addTick(bucket, QStringLiteral("%1–%2").arg(bucket / 10.0, 0, 'f', 1).arg((bucket + 1) / 10.0, 0, 'f', 1));
  }
  p->yAxis->setTicker(yTicks);
  auto xTicks = QSharedPointer<QCPAxisTickerText>::create();
  for (int exit = 0; exit < exits; ++exit) xTicks->addTick(exit, QString::number(exit));
  p->xAxis->setTicker(xTicks);
  p->xAxis->setRange(-0.5, std::max(1, exits) - 0.5);
  p->yAxis->setRange(-0.5, std::max(1, buckets) - 0.5);
  requestReplot();
}

}  // namespace edgescope
