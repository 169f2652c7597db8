#include "ParaLoupeGantt.h"

#include <qcustomplot.h>

#include <algorithm>
#include <functional>

#include "ParaLoupePlots.h"
#include "PlotCanvas.h"

namespace edgescope {
namespace {

const QColor kSloColor(200, 30, 30);
/// Bar height as a share of a row.
constexpr double kBarHalfHeight = 0.35;

struct PhaseColor {
  const char* phase;
  QColor color;
};

/// The Gantt's phases in timeline order, each with its colour (the SLO keeps red for itself).
const std::vector<PhaseColor>& phaseColors() {
  static const std::vector<PhaseColor> colors = {
      {"generate", QColor(120, 120, 120)}, {"keyframe", QColor(0, 150, 150)},   {"schedule", QColor(140, 90, 200)},
      {"encode", QColor(230, 160, 30)},    {"uplink", QColor(30, 120, 220)},    {"queue", QColor(200, 200, 200)},
      {"compute", QColor(40, 160, 80)},    {"downlink", QColor(110, 180, 240)}, {"aggregate", QColor(230, 110, 30)},
      {"track", QColor(150, 100, 60)}};
  return colors;
}

/// One panel: a frame, what to call it, its segments and SLO.
struct Panel {
  std::int64_t frame = 0;
  QString label;
  std::vector<RecordedGanttSegment> segments;
  double sloMs = 0.0;
};

/// The frame's latency as the report states it: frames.csv total_ms, else the last segment's end.
double frameLatencyMs(const SessionData& data, const Panel& panel) {
  for (auto f = data.frames.rbegin(); f != data.frames.rend(); ++f) {
    if (f->frame == panel.frame) return f->totalMs;
  }
  double end = 0.0;
  for (const RecordedGanttSegment& s : panel.segments) end = std::max(end, s.endMs);
  return end;
}

/// Phases of @p segments for the legend: known ones in timeline order, then the others as they appear.
std::vector<std::string> legendPhases(const std::vector<RecordedGanttSegment>& segments) {
  std::vector<std::string> out;
  for (const PhaseColor& known : phaseColors()) {
    for (const RecordedGanttSegment& s : segments) {
      if (s.phase == known.phase) {
        out.push_back(known.phase);
        break;
      }
    }
  }
  for (const RecordedGanttSegment& s : segments) {
    if (std::find(out.begin(), out.end(), s.phase) == out.end()) out.push_back(s.phase);
  }
  return out;
}

/// Draws @p panel into @p rect: a bar per segment on its device's row, the SLO as a red line.
void drawPanel(QCustomPlot* plot, QCPAxisRect* rect, const Panel& panel, const std::vector<std::string>& rows) {
  QCPAxis* x = rect->axis(QCPAxis::atBottom);
  QCPAxis* y = rect->axis(QCPAxis::atLeft);
  for (const RecordedGanttSegment& s : panel.segments) {
    const double row = static_cast<double>(std::find(rows.begin(), rows.end(), s.device) - rows.begin());
    const QColor color = ParaLoupeGantt::phaseColor(s.phase);
    auto* bar = new QCPItemRect(plot);
    bar->setClipAxisRect(rect);
    for (QCPItemPosition* corner : {bar->topLeft, bar->bottomRight}) {
      corner->setAxisRect(rect);
      corner->setAxes(x, y);
    }
    bar->topLeft->setCoords(s.startMs, row - kBarHalfHeight);
    bar->bottomRight->setCoords(std::max(s.startMs, s.endMs), row + kBarHalfHeight);
    bar->setBrush(color);
    bar->setPen(QPen(color.darker(150), 0.8));
  }
  if (panel.sloMs <= 0.0) return;
  auto* line = new QCPItemStraightLine(plot);
  line->setClipAxisRect(rect);
  for (QCPItemPosition* point : {line->point1, line->point2}) {
    point->setAxisRect(rect);
    point->setAxes(x, y);
  }
  line->point1->setCoords(panel.sloMs, -1.0);
  line->point2->setCoords(panel.sloMs, static_cast<double>(rows.size()));
  line->setPen(QPen(kSloColor, 2.0));
  auto* label = new QCPItemText(plot);
  label->setClipAxisRect(rect);
  label->position->setAxisRect(rect);
  label->position->setAxes(x, y);
  label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
  label->position->setCoords(panel.sloMs, 0.0);
  label->setPositionAlignment(Qt::AlignRight | Qt::AlignTop);
  label->setText(QObject::tr("SLO %1 ms ").arg(panel.sloMs));
  label->setColor(kSloColor);
}

}  // namespace

QColor ParaLoupeGantt::phaseColor(const std::string& phase) {
  for (const PhaseColor& known : phaseColors()) {
    if (phase == known.phase) return known.color;
  }
  return PlotCanvas::seriesColor(static_cast<int>(std::hash<std::string>()(phase) % 6));
}

std::vector<std::string> ParaLoupeGantt::rows(const std::vector<RecordedGanttSegment>& segments) {
  std::vector<std::string> out;
  bool camera = false;
  for (const RecordedGanttSegment& s : segments) {
    if (s.device == "camera") {
      camera = true;
    } else if (std::find(out.begin(), out.end(), s.device) == out.end()) {
      out.push_back(s.device);
    }
  }
  if (camera) out.insert(out.begin(), "camera");
  return out;
}

std::vector<RecordedGanttSegment> ParaLoupeGantt::segmentsOf(const SessionData& data, std::int64_t frame) {
  std::vector<RecordedGanttSegment> out;
  bool inRun = false;
  for (const RecordedGanttSegment& s : data.gantt) {
    if (s.frame != frame) {
      inRun = false;
      continue;
    }
    if (!inRun) out.clear();  // the frame number recurs (loop, seek): keep its last run
    inRun = true;
    out.push_back(s);
  }
  return out;
}

ReportPlots::Image ParaLoupeGantt::render(const SessionData& data, std::int64_t medianFrame,
                                          std::int64_t slowestFrame) {
  std::vector<Panel> panels;
  panels.push_back({medianFrame, QObject::tr("median-latency frame %1").arg(medianFrame), segmentsOf(data, medianFrame),
                    ParaLoupePlots::sloMs(data, medianFrame)});
  if (slowestFrame != medianFrame) {
    panels.push_back({slowestFrame, QObject::tr("slowest frame %1").arg(slowestFrame), segmentsOf(data, slowestFrame),
                      ParaLoupePlots::sloMs(data, slowestFrame)});
  }
  std::vector<RecordedGanttSegment> all;
  double xMaxMs = 1.0;
  for (const Panel& panel : panels) {
    all.insert(all.end(), panel.segments.begin(), panel.segments.end());
    xMaxMs = std::max(xMaxMs, panel.sloMs);
    for (const RecordedGanttSegment& s : panel.segments) xMaxMs = std::max(xMaxMs, s.endMs);
  }
  const std::vector<std::string> rowNames = rows(all);
  const int heightPx = panels.size() > 1 ? ReportPlots::kHeightPx * 3 / 2 : ReportPlots::kHeightPx;
  PlotCanvas canvas(QObject::tr("ParaLoupe schedule per device"), ReportPlots::kWidthPx, heightPx);
  QCustomPlot* plot = canvas.plot();

  auto ticker = QSharedPointer<QCPAxisTickerText>::create();
  for (std::size_t r = 0; r < rowNames.size(); ++r)
    ticker->addTick(static_cast<double>(r), QString::fromStdString(rowNames[r]));
  auto* margins = new QCPMarginGroup(plot);
  for (std::size_t i = 0; i < panels.size(); ++i) {
    QCPAxisRect* rect = plot->axisRect();
    if (i > 0) {
      rect = new QCPAxisRect(plot);
      plot->plotLayout()->addElement(static_cast<int>(i) + 1, 0, rect);
      rect->axis(QCPAxis::atTop)->setVisible(false);
      rect->axis(QCPAxis::atRight)->setVisible(false);
    }
    rect->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
    QCPAxis* x = rect->axis(QCPAxis::atBottom);
    QCPAxis* y = rect->axis(QCPAxis::atLeft);
    y->setTicker(ticker);
    y->setRange(-0.6, static_cast<double>(rowNames.size()) - 0.4);
    y->setRangeReversed(true);  // camera on top
    x->setRange(0.0, xMaxMs * 1.08);
    x->setLabel(QObject::tr("ms from capture — %1 (%2 ms)")
                    .arg(panels[i].label, QString::number(frameLatencyMs(data, panels[i]), 'f', 1)));
    drawPanel(plot, rect, panels[i], rowNames);
  }

  for (const std::string& phase : legendPhases(all)) {  // swatches only: the bars are items
    auto* swatch = new QCPBars(plot->xAxis, plot->yAxis);
    swatch->setName(QString::fromStdString(phase));
    swatch->setBrush(phaseColor(phase));
    swatch->setPen(QPen(phaseColor(phase).darker(150)));
  }
  canvas.showLegend();  // then moved out of the panels into a row of its own at the bottom
  plot->axisRect()->insetLayout()->take(plot->legend);
  const int legendRow = plot->plotLayout()->rowCount();
  plot->plotLayout()->addElement(legendRow, 0, plot->legend);
  plot->plotLayout()->setRowStretchFactor(legendRow, 0.001);
  plot->legend->setFillOrder(QCPLegend::foColumnsFirst);

  QString caption = QObject::tr("ParaLoupe Gantt of the %1").arg(panels.front().label);
  if (panels.size() > 1) caption += QObject::tr(" and of the %1").arg(panels.back().label);
  caption += QObject::tr(": a row per device, bars coloured by phase, the SLO in red");
  return {"paraloupe-gantt.png", caption, canvas.toPng()};
}

}  // namespace edgescope
