#include "PatchGanttPlot.h"

#include <qcustomplot.h>
#include <algorithm>

namespace edgescope {
namespace {
constexpr double kBarHalfHeight = 0.28;
constexpr double kOutlineHalfHeight = 0.4;
constexpr double kMinSpanMs = 10.0;
constexpr int kLegendColumns = 7;
const QColor kSloColor(215, 45, 45);
const QColor kEndToEndColor(110, 110, 110);

struct PhaseStyle {
  const char* name;
  QColor color;
};

const PhaseStyle kPhases[] = {{"generate", QColor(150, 80, 200)}, {"schedule", QColor(95, 105, 140)},
                              {"encode", QColor(230, 170, 0)},    {"uplink", QColor(235, 115, 25)},
                              {"queue", QColor(175, 175, 175)},   {"compute", QColor(30, 120, 220)},
                              {"downlink", QColor(40, 170, 170)}, {"aggregate", QColor(40, 160, 80)},
                              {"track", QColor(20, 105, 60)},     {"keyframe", QColor(190, 70, 60)}};

/// Where @p device's T_i starts: see the header.
double outlineStartMs(const ParaLoupeView& frame, const QString& device) {
  double first = -1.0, firstCompute = -1.0, lastEncodeEnd = 0.0;
  for (const GanttSegmentView& segment : frame.gantt) {
    if (segment.device == device) {
      first = first < 0.0 ? segment.startMs : std::min(first, segment.startMs);
      if (segment.phase == QLatin1String("compute")) {
        firstCompute = firstCompute < 0.0 ? segment.startMs : std::min(firstCompute, segment.startMs);
      }
    }
    if (segment.device == QLatin1String(PatchGanttPlot::kCameraRow) && segment.phase == QLatin1String("encode")) {
      lastEncodeEnd = std::max(lastEncodeEnd, segment.endMs);
    }
  }
  if (device == QLatin1String(PatchGanttPlot::kCameraRow)) {
    return firstCompute >= 0.0 ? firstCompute : std::max(first, 0.0);
  }
  return first >= 0.0 ? first : lastEncodeEnd;
}
}  // namespace

PatchGanttPlot::PatchGanttPlot(QWidget* parent) : LivePlot(parent) {
  QCustomPlot* p = plot();
  p->yAxis->setRangeReversed(true);  // the camera on top
  p->yAxis->grid()->setVisible(false);
  p->yAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
  p->xAxis->setLabel(tr("ms since the frame was handed to tracking"));
  // The legend goes under the axis rect, in rows of kLegendColumns.
  p->legend->setVisible(true);
  QFont legendFont = font();
  legendFont.setPointSizeF(legendFont.pointSizeF() * 0.8);
  p->legend->setFont(legendFont);
  p->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
  p->legend->setWrap(kLegendColumns);
  p->axisRect()->insetLayout()->take(p->legend);
  p->plotLayout()->addElement(1, 0, p->legend);
  p->plotLayout()->setRowStretchFactor(1, 0.001);
  // Bars without data: a legend entry in each phase's colour.
  for (const PhaseStyle& phase : kPhases) addBars(QString::fromLatin1(phase.name), phase.color, 1.0);
  const struct {
    QString name;
    QPen pen;
  } lines[] = {{tr("predicted Tᵢ"), QPen(palette().color(QPalette::WindowText), 1.2, Qt::DashLine)},
               {tr("SLO"), QPen(kSloColor, 2.0)},
               {tr("end to end"), QPen(kEndToEndColor, 1.5, Qt::DashDotLine)}};
  for (const auto& line : lines) {
    QCPGraph* graph = p->addGraph();
    graph->setName(line.name);
    graph->setPen(line.pen);
  }
  setMinimumHeight(180);
  updateAxes();
}

QStringList PatchGanttPlot::phases() {
  QStringList names;
  for (const PhaseStyle& phase : kPhases) names << QString::fromLatin1(phase.name);
  return names;
}

QColor PatchGanttPlot::phaseColor(const QString& phase) {
  for (const PhaseStyle& style : kPhases) {
    if (phase == QLatin1String(style.name)) return style.color;
  }
  return QColor(128, 128, 128);
}

double PatchGanttPlot::sloLineMs() const { return slo_ ? slo_->point1->coords().x() : -1.0; }

int PatchGanttPlot::rowOf(const QString& device) {
  int row = static_cast<int>(rows_.indexOf(device));
  if (row < 0) {
    rows_ << device;
    row = static_cast<int>(rows_.size()) - 1;
  }
  return row;
}

void PatchGanttPlot::removeItems() {
  for (QCPAbstractItem* item : items_) plot()->removeItem(item);
  items_.clear();
  slo_ = nullptr;
}

void PatchGanttPlot::addRect(double startMs, double endMs, double centre, double halfHeight, const QPen& pen,
                             const QBrush& brush) {
  auto* rect = new QCPItemRect(plot());
  rect->topLeft->setCoords(startMs, centre - halfHeight);
  rect->bottomRight->setCoords(endMs, centre + halfHeight);
  rect->setPen(pen);
  rect->setBrush(brush);
  rect->setSelectable(false);
  items_.push_back(rect);
  spanMs_ = std::max(spanMs_, endMs);
}

QCPItemStraightLine* PatchGanttPlot::addVertical(double ms, const QPen& pen) {
  auto* line = new QCPItemStraightLine(plot());
  line->point1->setCoords(ms, 0.0);
  line->point2->setCoords(ms, 1.0);
  line->setPen(pen);
  line->setSelectable(false);
  items_.push_back(line);
  spanMs_ = std::max(spanMs_, ms);
  return line;
}

void PatchGanttPlot::showFrame(qint64 frameNumber, const PartitionView& partition) {
  const ParaLoupeView& frame = partition.paraloupe;
  removeItems();
  rows_ = QStringList{QString::fromLatin1(kCameraRow)};
  outlines_.clear();
  bars_ = 0;
  spanMs_ = 0.0;
  frame_ = frameNumber;
  for (const DeviceTimingView& timing : frame.devices) rowOf(timing.device);
  for (const GanttSegmentView& segment : frame.gantt) rowOf(segment.device);
  for (const GanttSegmentView& segment : frame.gantt) {
    const QColor color = phaseColor(segment.phase);
    addRect(segment.startMs, segment.endMs, rowOf(segment.device), kBarHalfHeight, QPen(color.darker(130), 0.8),
            QBrush(color));
    ++bars_;
  }
  const QPen outlinePen(palette().color(QPalette::WindowText), 1.2, Qt::DashLine);
  for (const DeviceTimingView& timing : frame.devices) {
    if (timing.predictedMs <= 0.0) continue;
    const int row = rowOf(timing.device);
    const double startMs = outlineStartMs(frame, timing.device);
    addRect(startMs, startMs + timing.predictedMs, row, kOutlineHalfHeight, outlinePen, Qt::NoBrush);
    outlines_.insert(timing.device, QRectF(startMs, row, timing.predictedMs, 0.0));
  }
  if (frame.sloMs > 0.0) slo_ = addVertical(frame.sloMs, QPen(kSloColor, 2.0));
  if (partition.endToEndMs > 0.0) addVertical(partition.endToEndMs, QPen(kEndToEndColor, 1.5, Qt::DashDotLine));
  labelRows(frame);
  plot()->xAxis->setLabel(tr("ms since frame %1 was handed to tracking%2")
                              .arg(frameNumber)
                              .arg(frame.keyframe ? tr(" (keyframe: full frame on the camera)") : QString()));
  requestReplot();
}

void PatchGanttPlot::labelRows(const ParaLoupeView& frame) {
  QVector<double> ticks;
  QVector<QString> labels;
  for (int row = 0; row < rows_.size(); ++row) {
    QString label = rows_[row];
    for (const DeviceTimingView& timing : frame.devices) {
      if (timing.device != rows_[row]) continue;
      label += timing.late           ? tr(" · late")
               : timing.patches == 1 ? tr(" · 1 patch")
                                     : tr(" · %1 patches").arg(timing.patches);
    }
    ticks << row;
    labels << label;
  }
  plot()->yAxis->ticker().staticCast<QCPAxisTickerText>()->setTicks(ticks, labels);
}

void PatchGanttPlot::clear() {
  removeItems();
  rows_.clear();
  outlines_.clear();
  bars_ = 0;
  spanMs_ = 0.0;
  frame_ = 0;
  plot()->yAxis->ticker().staticCast<QCPAxisTickerText>()->clear();
  plot()->xAxis->setLabel(tr("ms since the frame was handed to tracking"));
  requestReplot();
}

void PatchGanttPlot::updateAxes() {
  plot()->xAxis->setRange(0.0, std::max(kMinSpanMs, spanMs_ * 1.05));
  plot()->yAxis->setRange(-0.6, std::max(1, static_cast<int>(rows_.size())) - 0.4);
}

}  // namespace edgescope
