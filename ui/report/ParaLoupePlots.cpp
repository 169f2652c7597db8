#include "ParaLoupePlots.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "ParaLoupeGantt.h"
#include "PlotCanvas.h"

namespace edgescope {
namespace {

constexpr const char* kSloParameter = "paraloupe.sloMs";
const QColor kSloColor(200, 30, 30);
const QColor kLossColor(200, 30, 30, 190);
const QColor kBackColor(30, 150, 60, 190);

/// The node named in an events.log message just before @p marker ("ParaLoupe: node node1 lost: …" → "node1").
QString nodeBefore(const std::string& message, std::size_t markerAt) {
  const std::string head = message.substr(0, markerAt);
  const std::size_t space = head.rfind(' ');
  return QString::fromStdString(space == std::string::npos ? head : head.substr(space + 1));
}

}  // namespace

bool ParaLoupePlots::present(const SessionData& data) {
  for (const RecordedFrame& f : data.frames) {
    if (f.hasModuleField("pl_patches")) return true;
  }
  return !data.patches.empty() || !data.gantt.empty();
}

std::vector<ReportPlots::Image> ParaLoupePlots::render(const SessionData& data, const ReportSummary& summary) {
  std::vector<ReportPlots::Image> images;
  if (!present(data)) return images;
  if (!data.gantt.empty()) {
    const auto [median, slowest] = ganttFrames(data);
    images.push_back(ParaLoupeGantt::render(data, median, slowest));
  }
  if (!data.frames.empty()) images.push_back(latency(data, summary));
  const std::vector<ShareBin> bins = shareBins(data);
  if (!bins.empty()) images.push_back(share(devices(data), bins, !data.frames.empty()));
  const std::vector<int> counts = patchesPerFrame(data);
  if (!counts.empty()) images.push_back(histogram(data, counts));
  return images;
}

std::pair<std::int64_t, std::int64_t> ParaLoupePlots::ganttFrames(const SessionData& data) {
  std::map<std::int64_t, double> lastEnd;
  for (const RecordedGanttSegment& s : data.gantt) {
    auto [it, added] = lastEnd.emplace(s.frame, s.endMs);
    if (!added) it->second = std::max(it->second, s.endMs);
  }
  if (lastEnd.empty()) return {0, 0};
  std::map<std::int64_t, double> total;
  for (const RecordedFrame& f : data.frames) total[f.frame] = f.totalMs;
  std::vector<std::pair<double, std::int64_t>> byLatency;
  for (const auto& [frame, endMs] : lastEnd) {
    const auto found = total.find(frame);
    byLatency.emplace_back(found != total.end() ? found->second : endMs, frame);
  }
  std::sort(byLatency.begin(), byLatency.end());
  return {byLatency[(byLatency.size() - 1) / 2].second, byLatency.back().second};
}

double ParaLoupePlots::knobSloMs(const SessionData& data, std::int64_t frame) {
  double slo = 0.0;
  const auto initial = data.manifest.initialParameters.find(kSloParameter);
  if (initial != data.manifest.initialParameters.end()) slo = initial->second;
  for (const RecordedKnob& knob : data.knobs) {
    if (knob.id == kSloParameter && knob.frame <= frame) slo = knob.applied;
  }
  return slo;
}

double ParaLoupePlots::sloMs(const SessionData& data, std::int64_t frame) {
  for (auto f = data.frames.rbegin(); f != data.frames.rend(); ++f) {
    if (f->frame == frame && f->hasModuleField("pl_slo_ms")) return f->moduleField("pl_slo_ms", 0.0);
  }
  return knobSloMs(data, frame);
}

std::vector<std::string> ParaLoupePlots::devices(const SessionData& data) {
  std::vector<std::string> nodes;
  bool camera = false;
  for (const RecordedPatch& p : data.patches) {
    if (!p.served || p.node.empty()) continue;
    if (p.node == "camera") {
      camera = true;
    } else if (std::find(nodes.begin(), nodes.end(), p.node) == nodes.end()) {
      nodes.push_back(p.node);
    }
  }
  if (camera) nodes.insert(nodes.begin(), "camera");
  return nodes;
}

std::vector<ParaLoupePlots::ShareBin> ParaLoupePlots::shareBins(const SessionData& data) {
  std::map<std::int64_t, double> times;
  for (const RecordedFrame& f : data.frames) times[f.frame] = f.timeS;
  const bool byTime = !data.frames.empty();
  std::map<double, std::map<std::string, int>> counts;
  for (const RecordedPatch& p : data.patches) {
    if (!p.served || p.node.empty()) continue;
    double key = static_cast<double>(p.frame);
    if (byTime) {
      const auto found = times.find(p.frame);
      if (found == times.end()) continue;  // its frames.csv line was lost
      key = std::floor(found->second);
    }
    ++counts[key][p.node];
  }
  const std::vector<std::string> names = devices(data);
  std::vector<ShareBin> bins;
  for (const auto& [key, perDevice] : counts) {
    ShareBin bin;
    bin.key = key;
    for (const std::string& name : names) {
      const auto found = perDevice.find(name);
      const int served = found == perDevice.end() ? 0 : found->second;
      bin.served.emplace_back(name, served);
      bin.total += served;
    }
    bins.push_back(std::move(bin));
  }
  return bins;
}

std::vector<int> ParaLoupePlots::patchesPerFrame(const SessionData& data) {
  std::vector<int> counts;
  for (const RecordedFrame& f : data.frames) {
    if (f.hasModuleField("pl_patches")) counts.push_back(static_cast<int>(std::lround(f.moduleField("pl_patches", 0))));
  }
  if (!counts.empty()) return counts;
  std::map<std::int64_t, int> perFrame;
  for (const RecordedPatch& p : data.patches) ++perFrame[p.frame];
  for (const auto& entry : perFrame) counts.push_back(entry.second);
  return counts;
}

ReportPlots::Image ParaLoupePlots::latency(const SessionData& data, const ReportSummary& summary) {
  PlotCanvas canvas(QObject::tr("ParaLoupe latency and SLO"), ReportPlots::kWidthPx, ReportPlots::kHeightPx);
  QCustomPlot* plot = canvas.plot();
  QCPGraph* total = canvas.addLine(QObject::tr("latency"), 0);
  QCPGraph* slo = canvas.addLine(QObject::tr("SLO"), 3);
  slo->setPen(QPen(kSloColor, 1.6));
  slo->setLineStyle(QCPGraph::lsStepLeft);
  QCPGraph* missed = canvas.addLine(QObject::tr("SLO missed"), 3);
  missed->setLineStyle(QCPGraph::lsNone);
  missed->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, kSloColor, 5));
  int plFrames = 0, met = 0;
  for (const RecordedFrame& f : data.frames) {
    total->addData(f.timeS, f.totalMs);
    const double frameSloMs = f.moduleField("pl_slo_ms", knobSloMs(data, f.frame));
    if (frameSloMs > 0.0) slo->addData(f.timeS, frameSloMs);
    if (!f.hasModuleField("pl_slo_met")) continue;
    ++plFrames;
    if (f.moduleField("pl_slo_met", 0.0) != 0.0) {
      ++met;
    } else {
      missed->addData(f.timeS, f.totalMs);
    }
  }
  for (QCPGraph* graph : {slo, missed}) {
    if (graph->data()->isEmpty()) graph->removeFromLegend();
  }
  plot->yAxis->setLabel(QObject::tr("ms"));
  plot->xAxis->setLabel(QObject::tr("time (s)"));
  canvas.showLegend();
  canvas.fitAxes();
  canvas.addKnobMarkers(summary.knobs, false);
  int losses = 0;
  for (const RecordedEvent& event : data.events) {
    if (const std::size_t at = event.message.find(" lost"); at != std::string::npos) {
      ++losses;
      canvas.addMarker(event.timeS, kLossColor, Qt::DashLine, nodeBefore(event.message, at) + QObject::tr(" lost"));
    } else if (const std::size_t back = event.message.find(" is back"); back != std::string::npos) {
      canvas.addMarker(event.timeS, kBackColor, Qt::DashLine, nodeBefore(event.message, back) + QObject::tr(" back"));
    }
  }
  QString caption = QObject::tr("ParaLoupe latency over time with the SLO (red line) and node losses (red markers)");
  if (plFrames > 0) {
    caption += QObject::tr(": SLO met on %1 % of %2 ParaLoupe frames")
                   .arg(QString::number(100.0 * met / plFrames, 'f', 1))
                   .arg(plFrames);
  }
  caption += losses == 1 ? QObject::tr("; 1 node loss") : QObject::tr("; %1 node losses").arg(losses);
  return {"paraloupe-latency.png", caption, canvas.toPng()};
}

ReportPlots::Image ParaLoupePlots::share(const std::vector<std::string>& devices, const std::vector<ShareBin>& bins,
                                         bool byTime) {
  PlotCanvas canvas(QObject::tr("Share of the served patches per device (stacked)"), ReportPlots::kWidthPx,
                    ReportPlots::kHeightPx);
  QCustomPlot* plot = canvas.plot();
  constexpr double kBinWidth = 1.0;  // one second, or one frame
  std::vector<double> stacked(bins.size(), 0.0);
  QCPGraph* below = nullptr;
  for (std::size_t d = 0; d < devices.size(); ++d) {
    QCPGraph* graph = canvas.addLine(QString::fromStdString(devices[d]), static_cast<int>(d));
    QColor fill = PlotCanvas::seriesColor(static_cast<int>(d));
    fill.setAlpha(120);
    graph->setBrush(fill);
    graph->setLineStyle(QCPGraph::lsStepLeft);
    if (below) graph->setChannelFillGraph(below);
    for (std::size_t b = 0; b < bins.size(); ++b) {
      if (bins[b].total > 0) stacked[b] += 100.0 * bins[b].served[d].second / bins[b].total;
      graph->addData(bins[b].key, stacked[b]);
    }
    graph->addData(bins.back().key + kBinWidth, stacked.back());  // the last bin's right edge
    below = graph;
  }
  plot->xAxis->setLabel(byTime ? QObject::tr("time (s)") : QObject::tr("frame"));
  plot->yAxis->setLabel(QObject::tr("% of the served patches"));
  canvas.showLegend();
  canvas.fitAxes();
  plot->yAxis->setRange(0, 105);
  const QString caption = byTime ? QObject::tr("Node share of the served patches per second (from patches.csv)")
                                 : QObject::tr("Node share of the served patches per frame (from patches.csv)");
  return {"paraloupe-share.png", caption, canvas.toPng()};
}

ReportPlots::Image ParaLoupePlots::histogram(const SessionData& data, const std::vector<int>& counts) {
  PlotCanvas canvas(QObject::tr("Patches per frame"), ReportPlots::kWidthPx, ReportPlots::kHeightPx);
  QCustomPlot* plot = canvas.plot();
  const int most = std::max(0, *std::max_element(counts.begin(), counts.end()));
  std::vector<int> frequency(static_cast<std::size_t>(most) + 1, 0);
  double sum = 0.0;
  for (int count : counts) {
    if (count >= 0) ++frequency[static_cast<std::size_t>(count)];
    sum += count;
  }
  auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
  bars->setName(QObject::tr("frames"));
  bars->setWidth(0.7);
  bars->setPen(QPen(PlotCanvas::seriesColor(0)));
  bars->setBrush(QColor(30, 120, 220, 140));
  for (std::size_t k = 0; k < frequency.size(); ++k) bars->addData(static_cast<double>(k), frequency[k]);
  if (most <= 40) {
    auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
    ticker->setTickStep(most <= 20 ? 1.0 : 2.0);
    plot->xAxis->setTicker(ticker);
  }
  plot->xAxis->setRange(-0.6, most + 0.6);
  plot->xAxis->setLabel(QObject::tr("patches in the frame"));
  plot->yAxis->setLabel(QObject::tr("frames"));
  auto frameTicks = QSharedPointer<QCPAxisTickerFixed>::create();  // whole frames
  frameTicks->setTickStep(1.0);
  frameTicks->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
  plot->yAxis->setTicker(frameTicks);
  const int highest = *std::max_element(frequency.begin(), frequency.end());
  plot->yAxis->setRange(0, std::max(1.0, highest * 1.15));
  QString caption = QObject::tr("Patches per ParaLoupe frame: mean %1 over %2 frames")
                        .arg(QString::number(sum / counts.size(), 'f', 2))
                        .arg(counts.size());
  double high = 0.0, low = 0.0, roi = 0.0, shed = 0.0;
  int withKinds = 0;
  for (const RecordedFrame& f : data.frames) {
    if (!f.hasModuleField("pl_high")) continue;
    ++withKinds;
    high += f.moduleField("pl_high", 0.0);
    low += f.moduleField("pl_low", 0.0);
    roi += f.moduleField("pl_roi", 0.0);
    shed += f.moduleField("pl_shed", 0.0);
  }
  if (withKinds > 0) {
    caption += QObject::tr(" (HighConf %1, LowConf %2, RoI %3, shed %4 per frame)")
                   .arg(QString::number(high / withKinds, 'f', 2), QString::number(low / withKinds, 'f', 2),
                        QString::number(roi / withKinds, 'f', 2), QString::number(shed / withKinds, 'f', 2));
  }
  return {"paraloupe-patches.png", caption, canvas.toPng()};
}

}  // namespace edgescope
