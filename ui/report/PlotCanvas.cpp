#include "PlotCanvas.h"

#include <qcustomplot.h>
#include <QBuffer>

#include <algorithm>

#include "util/Error.h"

namespace edgescope {
namespace {
constexpr std::size_t kMaxLabelledKnobs = 12;
}

PlotCanvas::PlotCanvas(const QString& title, int widthPx, int heightPx)
    : plot_(std::make_unique<QCustomPlot>()), widthPx_(widthPx), heightPx_(heightPx) {
  plot_->setAttribute(Qt::WA_DontShowOnScreen);
  plot_->resize(widthPx, heightPx);
  plot_->setBackground(Qt::white);
  plot_->plotLayout()->insertRow(0);
  QFont titleFont = plot_->font();
  titleFont.setBold(true);
  plot_->plotLayout()->addElement(0, 0, new QCPTextElement(plot_.get(), title, titleFont));
}

PlotCanvas::~PlotCanvas() = default;

void PlotCanvas::showLegend() {
  plot_->legend->setVisible(true);
  QFont legendFont = plot_->font();
  legendFont.setPointSizeF(legendFont.pointSizeF() * 0.85);
  plot_->legend->setFont(legendFont);
  plot_->legend->setBrush(QColor(255, 255, 255, 210));
  plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
}

QCPGraph* PlotCanvas::addLine(const QString& name, int colorIndex) {
  QCPGraph* graph = plot_->addGraph();
  graph->setName(name);
  graph->setPen(QPen(seriesColor(colorIndex), 1.6));
  return graph;
}

void PlotCanvas::fitAxes() {
  plot_->rescaleAxes();
  const QCPRange keys = plot_->xAxis->range();
  if (keys.size() <= 0) plot_->xAxis->setRange(keys.lower - 1, keys.upper + 1);
  const QCPRange range = plot_->yAxis->range();
  const double span = std::max(1e-9, range.upper - std::min(0.0, range.lower));
  plot_->yAxis->setRange(std::min(0.0, range.lower - 0.05 * span), range.upper + 0.15 * span);
}

void PlotCanvas::addKnobMarkers(const std::vector<RecordedKnob>& knobs, bool byFrame) {
  const QCPRange range = plot_->xAxis->range();
  std::vector<const RecordedKnob*> shown;  // changes before the first plotted point (start values) are left out
  for (const RecordedKnob& knob : knobs) {
    if (range.contains(byFrame ? static_cast<double>(knob.frame) : knob.timeS)) shown.push_back(&knob);
  }
  for (const RecordedKnob* knob : shown) {
    addMarker(byFrame ? static_cast<double>(knob->frame) : knob->timeS, QColor(150, 60, 170, 170), Qt::DashLine,
              shown.size() > kMaxLabelledKnobs ? QString() : QString::fromStdString(knob->id));
  }
}

void PlotCanvas::addMarker(double x, const QColor& color, Qt::PenStyle style, const QString& text) {
  auto* line = new QCPItemStraightLine(plot_.get());
  line->setPen(QPen(color, 1, style));
  line->point1->setCoords(x, 0);
  line->point2->setCoords(x, 1);
  if (text.isEmpty()) return;
  QFont font = plot_->font();
  font.setPointSizeF(font.pointSizeF() * 0.75);
  auto* label = new QCPItemText(plot_.get());
  label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
  label->position->setCoords(x, 0.02);
  label->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
  label->setText(text);
  QColor textColor = color.darker(130);
  textColor.setAlpha(255);
  label->setColor(textColor);
  label->setFont(font);
}

QByteArray PlotCanvas::toPng() {
  plot_->replot(QCustomPlot::rpImmediateRefresh);
  const QPixmap pixmap = plot_->toPixmap(widthPx_, heightPx_);
  QByteArray png;
  QBuffer buffer(&png);
  buffer.open(QIODevice::WriteOnly);
  if (pixmap.isNull() || !pixmap.save(&buffer, "PNG")) throw Error("report: could not render a plot to PNG");
  return png;
}

QColor PlotCanvas::seriesColor(int index) {
  static const QColor colors[] = {QColor(30, 120, 220), QColor(230, 120, 30), QColor(40, 160, 80),
                                  QColor(200, 50, 60),  QColor(140, 90, 200), QColor(120, 120, 120)};
  return colors[index % 6];
}

}  // namespace edgescope
