#include "TurboPlots.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

#include "PlotCanvas.h"

namespace edgescope {
namespace {

const QColor kThresholdColor(200, 30, 30);
const QColor kIntervalColor(200, 30, 30);

/// Bars of @p values at keys 0, 1, … shifted by @p offset, named @p name, in series colour @p color.
QCPBars* bars(QCustomPlot* plot, const QString& name, int color, double width, double offset,
              const std::vector<double>& values) {
  auto* b = new QCPBars(plot->xAxis, plot->yAxis);
  b->setName(name);
  b->setWidth(width);
  b->setPen(QPen(PlotCanvas::seriesColor(color)));
  QColor fill = PlotCanvas::seriesColor(color);
  fill.setAlpha(140);
  b->setBrush(fill);
  for (std::size_t k = 0; k < values.size(); ++k) b->addData(static_cast<double>(k) + offset, values[k]);
  return b;
}

}  // namespace

bool TurboPlots::isTurboImage(const ReportPlots::Image& image) { return image.name.startsWith(kNamePrefix); }

std::vector<ReportPlots::Image> TurboPlots::render(const SessionData& data, const ReportSummary& summary) {
  std::vector<ReportPlots::Image> images;
  if (!summary.turbo.present) return images;
  images.push_back(difficulty(data, summary));
  images.push_back(budget(data, summary));
  images.push_back(exits(summary.turbo));
  if (!summary.turbo.degraded.empty()) images.push_back(degrade(summary.turbo));
  return images;
}

ReportPlots::Image TurboPlots::difficulty(const SessionData& data, const ReportSummary& summary) {
  PlotCanvas canvas(QObject::tr("Turbo: frame difficulty, coloured by exit"), ReportPlots::kWidthPx,
                    ReportPlots::kHeightPx);
  QCustomPlot* plot = canvas.plot();
  const int exits = static_cast<int>(summary.turbo.exitHistogram.size());
  std::vector<QCPGraph*> byExit;
  for (int e = 0; e < exits; ++e) {
    QCPGraph* graph = canvas.addLine(e == 0 ? QObject::tr("exit 0 (plain)") : QObject::tr("exit %1").arg(e), e);
    graph->setLineStyle(QCPGraph::lsNone);
    graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, PlotCanvas::seriesColor(e), 4));
    byExit.push_back(graph);
  }
  QCPGraph* threshold = canvas.addLine(QObject::tr("hard threshold"), 0);
  threshold->setPen(QPen(kThresholdColor, 1.4, Qt::DashLine));
  threshold->setLineStyle(QCPGraph::lsStepLeft);
  for (const RecordedFrame& f : data.frames) {
    if (!TurboSessionSummary::isTurboFrame(f)) continue;
    if (std::isfinite(f.difficulty))
      byExit[static_cast<std::size_t>(std::clamp(f.exit, 0, exits - 1))]->addData(f.timeS, f.difficulty);
    double value = 0.0;
    if (TurboSessionSummary::thresholdAt(data, f.frame, &value)) threshold->addData(f.timeS, value);
  }
  for (QCPGraph* graph : byExit) {
    if (graph->data()->isEmpty()) graph->removeFromLegend();
  }
  if (threshold->data()->isEmpty()) plot->removeGraph(threshold);
  plot->xAxis->setLabel(QObject::tr("time (s)"));
  plot->yAxis->setLabel(QObject::tr("difficulty d"));
  canvas.showLegend();
  canvas.fitAxes();
  plot->yAxis->setRange(0, 1.05);
  canvas.addKnobMarkers(summary.knobs, false);
  const TurboSessionSummary& t = summary.turbo;
  QString caption =
      QObject::tr("Turbo difficulty per frame (points coloured by the exit that produced the detections)");
  caption += t.thresholdKnown ? QObject::tr(" with the hard threshold (dashed, %1 at the end): %2 of %3 frames hard")
                                    .arg(QString::number(t.hardThreshold, 'f', 2))
                                    .arg(t.hardFrames)
                                    .arg(t.frames)
                              : QObject::tr("; the recording does not say the hard threshold");
  return {"turbo-difficulty.png", caption, canvas.toPng()};
}

ReportPlots::Image TurboPlots::budget(const SessionData& data, const ReportSummary& summary) {
  PlotCanvas canvas(QObject::tr("Turbo: idle budget vs enhancement time per frame"), ReportPlots::kWidthPx,
                    ReportPlots::kHeightPx);
  QCustomPlot* plot = canvas.plot();
  QCPGraph* budget = canvas.addLine(QObject::tr("budget ms"), 0);
  QCPGraph* spent = canvas.addLine(QObject::tr("spent ms"), 1);
  spent->setLineStyle(QCPGraph::lsImpulse);
  spent->setPen(QPen(PlotCanvas::seriesColor(1), 2.0));
  double first = 0.0, last = 0.0;
  bool any = false;
  for (const RecordedFrame& f : data.frames) {
    if (!TurboSessionSummary::isTurboFrame(f)) continue;
    budget->addData(f.timeS, f.budgetMs);
    spent->addData(f.timeS, f.turboMs);
    first = any ? first : f.timeS;
    last = f.timeS;
    any = true;
  }
  const TurboSessionSummary& t = summary.turbo;
  if (t.frameIntervalMs > 0.0) {
    QCPGraph* interval = canvas.addLine(QObject::tr("frame interval T"), 3);
    interval->setPen(QPen(kIntervalColor, 1.4, Qt::DashLine));
    interval->addData(first, t.frameIntervalMs);
    interval->addData(last, t.frameIntervalMs);
  }
  plot->xAxis->setLabel(QObject::tr("time (s)"));
  plot->yAxis->setLabel(QObject::tr("ms"));
  canvas.showLegend();
  canvas.fitAxes();
  canvas.addKnobMarkers(summary.knobs, false);
  QString caption = QObject::tr(
                        "Turbo idle budget and enhancement ms per frame: mean budget %1 ms, mean spent %2 ms "
                        "(p99 %3 ms) on %4 enhanced frames, %5 over their budget")
                        .arg(QString::number(t.meanBudgetMs, 'f', 1), QString::number(t.meanSpentMs, 'f', 1),
                             QString::number(t.p99SpentMs, 'f', 1))
                        .arg(t.enhancedFrames)
                        .arg(t.overBudgetFrames);
  caption += t.frameIntervalMs > 0.0
                 ? QObject::tr("; T = %1 ms (dashed)").arg(QString::number(t.frameIntervalMs, 'f', 1))
                 : QObject::tr("; the frame interval is unknown (unpaced)");
  return {"turbo-budget.png", caption, canvas.toPng()};
}

ReportPlots::Image TurboPlots::exits(const TurboSessionSummary& turbo) {
  PlotCanvas canvas(QObject::tr("Turbo: exit histogram"), ReportPlots::kWidthPx, ReportPlots::kHeightPx);
  QCustomPlot* plot = canvas.plot();
  std::vector<double> counts(turbo.exitHistogram.begin(), turbo.exitHistogram.end());
  bars(plot, QObject::tr("frames"), 4, 0.7, 0.0, counts);
  auto ticker = QSharedPointer<QCPAxisTickerText>::create();
  for (std::size_t e = 0; e < counts.size(); ++e) ticker->addTick(static_cast<double>(e), QString::number(e));
  plot->xAxis->setTicker(ticker);
  plot->xAxis->setRange(-0.6, static_cast<double>(counts.size()) - 0.4);
  plot->xAxis->setLabel(QObject::tr("exit (0 = plain)"));
  plot->yAxis->setLabel(QObject::tr("frames"));
  plot->yAxis->setRange(0, std::max(1.0, *std::max_element(counts.begin(), counts.end()) * 1.15));
  const double share = turbo.frames > 0 ? 100.0 * turbo.enhancedFrames / turbo.frames : 0.0;
  return {"turbo-exits.png",
          QObject::tr("Turbo exit histogram: %1 of %2 frames enhanced (%3 %)")
              .arg(turbo.enhancedFrames)
              .arg(turbo.frames)
              .arg(QString::number(share, 'f', 1)),
          canvas.toPng()};
}

ReportPlots::Image TurboPlots::degrade(const TurboSessionSummary& turbo) {
  PlotCanvas canvas(QObject::tr("Degraded frames by kind"), ReportPlots::kWidthPx, ReportPlots::kHeightPx);
  QCustomPlot* plot = canvas.plot();
  std::vector<double> share, enhanced;
  auto ticker = QSharedPointer<QCPAxisTickerText>::create();
  for (std::size_t k = 0; k < turbo.degraded.size(); ++k) {
    const TurboSessionSummary::DegradeShare& d = turbo.degraded[k];
    share.push_back(100.0 * d.fraction);
    enhanced.push_back(d.frames > 0 ? 100.0 * d.fraction * d.enhanced / d.frames : 0.0);
    ticker->addTick(static_cast<double>(k), QString::fromStdString(d.kind));
  }
  bars(plot, QObject::tr("% of all frames"), 1, 0.38, -0.2, share);
  bars(plot, QObject::tr("of which enhanced"), 2, 0.38, 0.2, enhanced);
  plot->xAxis->setTicker(ticker);
  plot->xAxis->setRange(-0.6, static_cast<double>(share.size()) - 0.4);
  plot->yAxis->setLabel(QObject::tr("% of the recorded frames"));
  plot->yAxis->setRange(0, std::max(1.0, *std::max_element(share.begin(), share.end()) * 1.25));
  canvas.showLegend();
  return {"turbo-degrade.png",
          QObject::tr("Degraded frames by kind (share of all recorded frames, and the part Turbo enhanced): %1 "
                      "degraded frames")
              .arg(turbo.degradedFrames),
          canvas.toPng()};
}

}  // namespace edgescope
