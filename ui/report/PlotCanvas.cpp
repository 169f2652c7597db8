#include "PlotCanvas.h"

#include <qcustomplot.h>
#include <QBuffer>

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

void PlotCanvas::addKnobMarkers(const std::vector<RecordedKnob>& knobs, bool byFrame) {
  const QCPRange range = plot_->xAxis->range();
  std::vector<const RecordedKnob*> shown;  // changes before the first plotted point (start values) are left out
  for (const RecordedKnob& knob : knobs) {
    if (range.contains(byFrame ? static_cast<double>(knob.frame) : knob.timeS)) shown.push_back(&knob);
  }
  QFont font = plot_->font();
  font.setPointSizeF(font.pointSizeF() * 0.75);
  for (const RecordedKnob* knob : shown) {
    const double x = byFrame ? static_cast<double>(knob->frame) : knob->timeS;
    auto* line = new QCPItemStraightLine(plot_.get());
    line->setPen(QPen(QColor(150, 60, 170, 170), 1, Qt::DashLine));
    line->point1->setCoords(x, 0);
    line->point2->setCoords(x, 1);
    if (shown.size() > kMaxLabelledKnobs) continue;
    auto* label = new QCPItemText(plot_.get());
    label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    label->position->setCoords(x, 0.02);
    label->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    label->setText(QString::fromStdString(knob->id));
    label->setColor(QColor(120, 40, 140));
    label->setFont(font);
  }
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
