#include "TurboTimelinePlot.h"

#include <qcustomplot.h>
#include <algorithm>

namespace edgescope {
namespace {
constexpr double kMinSpanFrames = 50.0;
}

QColor TurboTimelinePlot::exitColor(int exit) {
  static const QColor kColors[kExits] = {QColor(150, 150, 150), QColor(49, 130, 189), QColor(44, 162, 95),
                                         QColor(254, 178, 76),  QColor(240, 59, 32),  QColor(165, 15, 21)};
  return kColors[std::clamp(exit, 0, kExits - 1)];
}

TurboTimelinePlot::TurboTimelinePlot(QWidget* parent) : LivePlot(parent), thresholdLine_(nullptr) {
  QCustomPlot* p = plot();
  for (int exit = 0; exit < kExits; ++exit) {
    QCPGraph* graph = p->addGraph();
    graph->setName(exit == 0 ? tr("exit 0") : QString::number(exit));  // legend: "exit 0 1 2 3 4 5" in one row
    graph->setLineStyle(QCPGraph::lsNone);
    graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, exitColor(exit), exitColor(exit), 5));
    exits_.push_back(graph);
  }
  thresholdLine_ = new QCPItemStraightLine(p);
  thresholdLine_->setPen(QPen(QColor(200, 40, 40), 1.2, Qt::DashLine));
  thresholdLine_->setVisible(false);
  p->xAxis->setLabel(tr("frame"));
  p->yAxis->setLabel(tr("d (colour: exit)"));
  p->yAxis->setRange(0.0, 1.0);
  // No legend (it would cover the points in a narrow dock): the colours are the exit histogram's bars' order and
  // the tooltip says so.
  setToolTip(tr("Difficulty d per frame, coloured by the exit that produced its detections: grey 0 (plain), blue 1, "
                "green 2, amber 3, red 4, dark red 5; dashed: the hard threshold"));
  updateAxes();
}

int TurboTimelinePlot::pointCount(int exit) const { return exit >= 0 && exit < kExits ? exits_[exit]->dataCount() : 0; }

void TurboTimelinePlot::setThreshold(double threshold) {
  threshold_ = threshold;
  thresholdLine_->setVisible(threshold >= 0.0);
  thresholdLine_->point1->setCoords(0.0, threshold);
  thresholdLine_->point2->setCoords(1.0, threshold);
}

void TurboTimelinePlot::addFrame(const FrameView& frame) {
  if (!frame.turbo.active || frame.turbo.difficulty < 0.0) return;
  if (frame.frameNumber <= lastFrame_) clear();
  lastFrame_ = frame.frameNumber;
  const double x = static_cast<double>(frame.frameNumber);
  exits_[std::clamp(frame.turbo.exit, 0, kExits - 1)]->addData(x, frame.turbo.difficulty);
  for (QCPGraph* graph : exits_) graph->data()->removeBefore(x - kWindowFrames);
}

void TurboTimelinePlot::clear() {
  for (QCPGraph* graph : exits_) graph->data()->clear();
  lastFrame_ = -1;
}

void TurboTimelinePlot::updateAxes() {
  const double last = lastFrame_ < 0 ? 0.0 : static_cast<double>(lastFrame_);
  plot()->xAxis->setRange(std::max(0.0, last - kWindowFrames), std::max(last, kMinSpanFrames));
}

}  // namespace edgescope
