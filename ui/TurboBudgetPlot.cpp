#include "TurboBudgetPlot.h"

#include <qcustomplot.h>
#include <algorithm>

namespace edgescope {
namespace {
constexpr double kMinSpanFrames = 50.0;
constexpr double kMinRangeMs = 20.0;
}  // namespace

TurboBudgetPlot::TurboBudgetPlot(QWidget* parent) : LivePlot(parent) {
  QCustomPlot* p = plot();
  spent_ = addBars(tr("spent ms"), QColor(240, 59, 32, 200), 1.0);
  budget_ = p->addGraph();
  budget_->setName(tr("idle budget ms"));
  budget_->setLineStyle(QCPGraph::lsStepCenter);
  budget_->setPen(QPen(QColor(49, 130, 189), 1.4));
  intervalLine_ = new QCPItemStraightLine(p);
  intervalLine_->setPen(QPen(QColor(60, 60, 60), 1.2, Qt::DashLine));
  intervalLine_->setVisible(false);
  p->xAxis->setLabel(tr("frame"));
  p->yAxis->setLabel(tr("ms: spent, budget"));
  setToolTip(tr("Per frame: the enhancement's ms (red bars) against the idle budget the planner had (blue line) and "
                "the frame interval T (dashed)"));
  updateAxes();
}

int TurboBudgetPlot::frameCount() const { return budget_->dataCount(); }

void TurboBudgetPlot::setIntervalMs(double intervalMs) {
  intervalMs_ = intervalMs;
  intervalLine_->setVisible(intervalMs > 0.0);
  intervalLine_->point1->setCoords(0.0, intervalMs);
  intervalLine_->point2->setCoords(1.0, intervalMs);
  intervalLine_->setObjectName(tr("T = %1 ms").arg(intervalMs, 0, 'f', 1));
}

void TurboBudgetPlot::addFrame(const FrameView& frame) {
  if (!frame.turbo.active) return;
  if (frame.frameNumber <= lastFrame_) clear();
  lastFrame_ = frame.frameNumber;
  const double x = static_cast<double>(frame.frameNumber);
  budget_->addData(x, std::max(0.0, frame.turbo.budgetMs));
  spent_->addData(x, frame.turbo.spentMs);
  const double oldest = x - kWindowFrames;
  budget_->data()->removeBefore(oldest);
  spent_->data()->removeBefore(oldest);
  overBudget_ = 0;
  auto budget = budget_->data()->constBegin();
  for (auto spent = spent_->data()->constBegin(); spent != spent_->data()->constEnd(); ++spent, ++budget) {
    overBudget_ += spent->value > 0.0 && spent->value > budget->value ? 1 : 0;
  }
}

void TurboBudgetPlot::clear() {
  budget_->data()->clear();
  spent_->data()->clear();
  lastFrame_ = -1;
  overBudget_ = 0;
}

void TurboBudgetPlot::updateAxes() {
  const double last = lastFrame_ < 0 ? 0.0 : static_cast<double>(lastFrame_);
  plot()->xAxis->setRange(std::max(0.0, last - kWindowFrames), std::max(last, kMinSpanFrames));
  double top = std::max(kMinRangeMs, intervalMs_ * 1.15);
  for (auto it = budget_->data()->constBegin(); it != budget_->data()->constEnd(); ++it) top = std::max(top, it->value);
  plot()->yAxis->setRange(0.0, top);
}

}  // namespace edgescope
