#include "LatencyPlot.h"

#include <qcustomplot.h>

namespace edgescope {
namespace {
constexpr int kWindowFrames = 300;
const QColor kStageColors[] = {QColor(140, 140, 140), QColor(30, 120, 220), QColor(150, 80, 200),
                               QColor(40, 170, 90),   QColor(230, 140, 30), QColor(200, 60, 60)};
}  // namespace

LatencyPlot::LatencyPlot(QWidget* parent) : LivePlot(parent) {
  QCustomPlot* p = plot();
  p->plotLayout()->clear();
  auto* latencyRect = new QCPAxisRect(p);
  countsRect_ = new QCPAxisRect(p);
  p->plotLayout()->addElement(0, 0, latencyRect);
  p->plotLayout()->addElement(1, 0, countsRect_);
  p->plotLayout()->setRowStretchFactor(0, 2);
  p->plotLayout()->setRowStretchFactor(1, 1);
  latencyRect->axis(QCPAxis::atLeft)->setLabel(tr("latency ms (stacked)"));
  countsRect_->axis(QCPAxis::atLeft)->setLabel(tr("boxes"));
  countsRect_->axis(QCPAxis::atBottom)->setLabel(tr("frame"));
  auto* legend = new QCPLegend;
  latencyRect->insetLayout()->addElement(legend, Qt::AlignTop | Qt::AlignLeft);
  legend->setLayer("legend");
  p->legend = legend;
  setupLegend(Qt::AlignTop | Qt::AlignLeft);
  auto addCount = [&](const QString& name, const QColor& color, Qt::PenStyle style) {
    QCPGraph* graph = p->addGraph(countsRect_->axis(QCPAxis::atBottom), countsRect_->axis(QCPAxis::atLeft));
    graph->setName(name);
    graph->setPen(QPen(color, 1.5, style));
    graph->setLineStyle(QCPGraph::lsStepLeft);
    return graph;
  };
  detections_ = addCount(tr("detections"), QColor(230, 170, 0), Qt::SolidLine);
  tracks_ = addCount(tr("tracks"), QColor(30, 120, 220), Qt::SolidLine);
  groundTruth_ = addCount(tr("GT boxes"), QColor(120, 120, 120), Qt::DashLine);
  for (QCPGraph* graph : {detections_, tracks_, groundTruth_}) graph->removeFromLegend();
}

int LatencyPlot::frameCount() const { return detections_->dataCount(); }

int LatencyPlot::graphForStage(const QString& stage) {
  int index = stages_.indexOf(stage);
  if (index >= 0) return index;
  QCustomPlot* p = plot();
  QCPAxisRect* rect = p->axisRect(0);
  QCPGraph* graph = p->addGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
  const QColor color = kStageColors[stages_.size() % std::size(kStageColors)];
  graph->setName(stage);
  graph->setPen(QPen(color.darker(120), 1));
  graph->setBrush(QColor(color.red(), color.green(), color.blue(), 170));
  // Stage i's curve is the sum of stages 0..i; fill down to the previous stage's curve.
  if (!stages_.isEmpty()) graph->setChannelFillGraph(p->graph(p->graphCount() - 2));
  stages_ << stage;
  return stages_.size() - 1;
}

void LatencyPlot::addFrame(const FrameView& frame) {
  if (frame.frameNumber <= lastFrame_) clear();  // seek, loop or new source
  lastFrame_ = frame.frameNumber;
  const double x = static_cast<double>(frame.frameNumber);
  QVector<double> perStage(stages_.size(), 0.0);
  for (const auto& stage : frame.latencyMs) {
    const int index = graphForStage(stage.first);
    perStage.resize(stages_.size());
    perStage[index] += stage.second;
  }
  double cumulative = 0.0;
  for (int i = 0; i < stages_.size(); ++i) {
    cumulative += perStage[i];
    QCPGraph* graph = plot()->graph(3 + i);
    graph->addData(x, cumulative);
    graph->data()->removeBefore(x - kWindowFrames);
  }
  detections_->addData(x, frame.detections.size());
  tracks_->addData(x, frame.tracks.size());
  if (frame.hasGroundTruth) groundTruth_->addData(x, frame.groundTruth.size());
  for (QCPGraph* graph : {detections_, tracks_, groundTruth_}) graph->data()->removeBefore(x - kWindowFrames);
  requestReplot();
}

void LatencyPlot::clear() {
  for (int i = 0; i < plot()->graphCount(); ++i) plot()->graph(i)->data()->clear();
  lastFrame_ = 0;
  requestReplot();
}

void LatencyPlot::updateAxes() {
  const double upper = std::max(10.0, static_cast<double>(lastFrame_));
  const double lower = std::max(0.0, upper - kWindowFrames);
  for (int r = 0; r < 2; ++r) plot()->axisRect(r)->axis(QCPAxis::atBottom)->setRange(lower, upper);
  double maxMs = 1.0, maxBoxes = 1.0;
  if (!stages_.isEmpty()) {
    bool found = false;
    const QCPRange range = plot()->graph(3 + stages_.size() - 1)->getValueRange(found);
    if (found) maxMs = std::max(maxMs, range.upper);
  }
  for (QCPGraph* graph : {detections_, tracks_, groundTruth_}) {
    bool found = false;
    const QCPRange range = graph->getValueRange(found);
    if (found) maxBoxes = std::max(maxBoxes, range.upper);
  }
  plot()->axisRect(0)->axis(QCPAxis::atLeft)->setRange(0, maxMs * 1.15);
  countsRect_->axis(QCPAxis::atLeft)->setRange(0, maxBoxes * 1.2 + 1);
}

}  // namespace edgescope
