#include "ReportPlots.h"

#include <qcustomplot.h>
#include <QApplication>

#include <algorithm>

#include "ParaLoupePlots.h"
#include "PlotCanvas.h"
#include "TurboPlots.h"
#include "util/Error.h"

namespace edgescope {
namespace {

/// Labels the key axis, marks the knob changes (by time or by frame) and renders.
ReportPlots::Image finish(PlotCanvas& canvas, const ReportSummary& summary, bool byFrame, const QString& name,
                          const QString& caption) {
  canvas.plot()->xAxis->setLabel(byFrame ? QObject::tr("frame") : QObject::tr("time (s)"));
  canvas.addKnobMarkers(summary.knobs, byFrame);
  return {name, caption, canvas.toPng()};
}

}  // namespace

std::vector<std::pair<double, double>> ReportPlots::slidingFps(const std::vector<RecordedFrame>& frames) {
  std::vector<std::pair<double, double>> out;
  std::size_t first = 0;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const double t = frames[i].timeS;
    if (t < frames[first].timeS) first = i;  // time went backwards (bad data): restart the window
    while (first < i && frames[first].timeS < t - 1.0) ++first;
    const double span = t - frames[first].timeS;
    if (i > first && span > 0) out.emplace_back(t, static_cast<double>(i - first) / span);
  }
  return out;
}

std::vector<ReportPlots::Image> ReportPlots::render(const SessionData& data, const ReportSummary& summary) {
  if (!qobject_cast<QApplication*>(QCoreApplication::instance())) {
    throw Error("report: the plots need a QApplication (construct one before exporting HTML or PDF)");
  }
  std::vector<Image> images;
  if (data.frames.size() >= 2) images.push_back(fps(data, summary));
  if (!data.frames.empty()) images.push_back(latency(data, summary));
  if (!summary.resolutions.empty()) {
    images.push_back(resolutionTimeline(data, summary));
    images.push_back(resolutionHistogram(summary));
  }
  if (!data.metrics.empty()) images.push_back(metrics(data, summary));
  if (!data.frames.empty()) images.push_back(counts(data, summary));
  for (Image& image : ParaLoupePlots::render(data, summary)) images.push_back(std::move(image));
  for (Image& image : TurboPlots::render(data, summary)) images.push_back(std::move(image));
  return images;
}

ReportPlots::Image ReportPlots::fps(const SessionData& data, const ReportSummary& summary) {
  PlotCanvas canvas(QObject::tr("Processing rate (1 s sliding window)"), kWidthPx, kHeightPx);
  QCustomPlot* plot = canvas.plot();
  QCPGraph* graph = canvas.addLine(QObject::tr("fps"), 0);
  for (const auto& [t, fps] : slidingFps(data.frames)) graph->addData(t, fps);
  plot->yAxis->setLabel(QObject::tr("frames per second"));
  canvas.fitAxes();
  return finish(canvas, summary, false, "fps.png", QObject::tr("Processing rate over time"));
}

ReportPlots::Image ReportPlots::latency(const SessionData& data, const ReportSummary& summary) {
  PlotCanvas canvas(QObject::tr("Latency per stage (stacked)"), kWidthPx, kHeightPx);
  QCustomPlot* plot = canvas.plot();
  const std::vector<std::string> stages = ReportSummary::stageNames(data);
  QCPGraph* below = nullptr;
  std::vector<double> stacked(data.frames.size(), 0.0);
  for (std::size_t s = 0; s < stages.size(); ++s) {
    QCPGraph* graph = canvas.addLine(QString::fromStdString(stages[s]), static_cast<int>(s));
    QColor fill = PlotCanvas::seriesColor(static_cast<int>(s));
    fill.setAlpha(120);
    graph->setBrush(fill);
    if (below) graph->setChannelFillGraph(below);
    for (std::size_t i = 0; i < data.frames.size(); ++i) {
      for (const auto& [name, ms] : data.frames[i].stageMs) {
        if (name == stages[s]) stacked[i] += ms;
      }
      graph->addData(static_cast<double>(data.frames[i].frame), stacked[i]);
    }
    below = graph;
  }
  plot->yAxis->setLabel(QObject::tr("ms"));
  canvas.showLegend();
  canvas.fitAxes();
  return finish(canvas, summary, true, "latency.png", QObject::tr("Per-stage latency over frames"));
}

ReportPlots::Image ReportPlots::resolutionTimeline(const SessionData& data, const ReportSummary& summary) {
  PlotCanvas canvas(QObject::tr("Detector input resolution"), kWidthPx, kHeightPx);
  QCustomPlot* plot = canvas.plot();
  const int levels = static_cast<int>(summary.resolutions.size());
  auto ticker = QSharedPointer<QCPAxisTickerText>::create();
  for (int i = 0; i < levels; ++i) ticker->addTick(levels - 1 - i, summary.resolutions[i].label);
  QCPGraph* graph = canvas.addLine(QObject::tr("input size"), 0);
  graph->setLineStyle(QCPGraph::lsStepLeft);
  for (const RecordedFrame& f : data.frames) {
    for (int i = 0; i < levels; ++i) {
      if (summary.resolutions[i].width == f.inputWidth && summary.resolutions[i].height == f.inputHeight) {
        graph->addData(f.timeS, levels - 1 - i);
      }
    }
  }
  plot->yAxis->setTicker(ticker);
  canvas.fitAxes();
  plot->yAxis->setRange(-0.5, levels - 0.5);
  return finish(canvas, summary, false, "resolution.png", QObject::tr("Detector input resolution over time"));
}

ReportPlots::Image ReportPlots::resolutionHistogram(const ReportSummary& summary) {
  PlotCanvas canvas(QObject::tr("Resolution histogram"), kWidthPx, kHeightPx);
  QCustomPlot* plot = canvas.plot();
  auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
  bars->setWidth(0.7);
  bars->setPen(QPen(PlotCanvas::seriesColor(0)));
  bars->setBrush(QColor(30, 120, 220, 140));
  auto ticker = QSharedPointer<QCPAxisTickerText>::create();
  for (std::size_t i = 0; i < summary.resolutions.size(); ++i) {
    bars->addData(static_cast<double>(i), summary.resolutions[i].fraction);
    ticker->addTick(static_cast<double>(i), summary.resolutions[i].label);
  }
  plot->xAxis->setTicker(ticker);
  plot->xAxis->setRange(-0.6, static_cast<double>(summary.resolutions.size()) - 0.4);
  plot->yAxis->setRange(0, 1.05);
  plot->yAxis->setLabel(QObject::tr("fraction of %1 frames").arg(summary.framesWithSize));
  return {"resolution-histogram.png", QObject::tr("Detector input resolution histogram"), canvas.toPng()};
}

ReportPlots::Image ReportPlots::metrics(const SessionData& data, const ReportSummary& summary) {
  PlotCanvas canvas(QObject::tr("Tracking metrics (cumulative)"), kWidthPx, kHeightPx);
  QCustomPlot* plot = canvas.plot();
  QCPGraph* mota = canvas.addLine("MOTA", 0);
  QCPGraph* idf1 = canvas.addLine("IDF1", 1);
  QCPGraph* hota = canvas.addLine("HOTA", 2);
  for (const RecordedMetrics& m : data.metrics) {
    mota->addData(m.timeS, 100.0 * m.metrics.mota);
    idf1->addData(m.timeS, 100.0 * m.metrics.idf1);
    hota->addData(m.timeS, 100.0 * m.metrics.hota.hota);
  }
  for (QCPGraph* g : {mota, idf1, hota}) g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 4));
  plot->yAxis->setLabel("%");
  canvas.showLegend();
  canvas.fitAxes();
  plot->yAxis->setRange(std::min(0.0, plot->yAxis->range().lower), 105);
  return finish(canvas, summary, false, "metrics.png", QObject::tr("MOTA, IDF1 and HOTA over time"));
}

ReportPlots::Image ReportPlots::counts(const SessionData& data, const ReportSummary& summary) {
  PlotCanvas canvas(QObject::tr("Detections and tracks per frame"), kWidthPx, kHeightPx);
  QCustomPlot* plot = canvas.plot();
  QCPGraph* detections = canvas.addLine(QObject::tr("detections"), 0);
  QCPGraph* tracks = canvas.addLine(QObject::tr("tracks"), 1);
  for (const RecordedFrame& f : data.frames) {
    detections->addData(static_cast<double>(f.frame), f.detections);
    tracks->addData(static_cast<double>(f.frame), f.tracks);
  }
  canvas.showLegend();
  canvas.fitAxes();
  return finish(canvas, summary, true, "counts.png", QObject::tr("Detections and tracks per frame"));
}

}  // namespace edgescope
