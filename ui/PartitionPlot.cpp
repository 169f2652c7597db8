#include "PartitionPlot.h"

#include <qcustomplot.h>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace edgescope {
namespace {
constexpr double kBarWidthFrames = 0.85;
constexpr int kMinSpanFrames = 20;
}  // namespace

PartitionPlot::PartitionPlot(QWidget* parent)
    : LivePlot(parent), caption_(new QLabel(this)), fallback_(new QLabel(this)) {
  caption_->setObjectName("partitionCaption");
  caption_->setTextFormat(Qt::RichText);
  fallback_->setObjectName("partitionFallback");
  fallback_->setStyleSheet(QStringLiteral(
      "QLabel { background: #c62828; color: white; font-weight: bold; border-radius: 3px; padding: 1px 6px; }"));
  fallback_->setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Fixed);
  caption_->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
  fallback_->hide();
  auto* captionRow = new QHBoxLayout;
  captionRow->setContentsMargins(4, 2, 4, 0);
  captionRow->addWidget(caption_, 1);
  captionRow->addWidget(fallback_);
  static_cast<QVBoxLayout*>(layout())->insertLayout(0, captionRow);

  QCustomPlot* p = plot();
  camera_ = addBars(tr("camera"), QColor(40, 160, 80, 200), kBarWidthFrames);
  transmission_ = addBars(tr("transmission"), QColor(230, 140, 30, 200), kBarWidthFrames);
  server_ = addBars(tr("server"), QColor(30, 120, 220, 200), kBarWidthFrames);
  transmission_->moveAbove(camera_);
  server_->moveAbove(transmission_);
  endToEnd_ = p->addGraph();
  endToEnd_->setName(tr("end-to-end"));
  endToEnd_->setPen(QPen(QColor(200, 40, 40), 1.6));
  fallbacks_ = p->addGraph();
  fallbacks_->setName(tr("fell back to CO"));
  fallbacks_->setLineStyle(QCPGraph::lsNone);
  fallbacks_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssTriangleInverted, QColor(200, 30, 30), 7));
  p->xAxis->setLabel(tr("frame"));
  p->yAxis->setLabel(tr("ms per frame"));
  setupLegend(Qt::AlignTop | Qt::AlignLeft);
  updateCaption({});
  updateAxes();
}

int PartitionPlot::frameCount() const { return endToEnd_->dataCount(); }
int PartitionPlot::fallbackCount() const { return fallbacks_->dataCount(); }
QString PartitionPlot::captionText() const { return caption_->text(); }
bool PartitionPlot::fallbackShown() const { return !fallback_->isHidden(); }
QString PartitionPlot::fallbackText() const { return fallback_->text(); }
double PartitionPlot::meanUplinkKb() const { return mean(&Sample::uplinkKb); }
double PartitionPlot::meanDownlinkKb() const { return mean(&Sample::downlinkKb); }

double PartitionPlot::mean(double Sample::*field) const {
  if (window_.empty()) return 0.0;
  double sum = 0.0;
  for (const Sample& sample : window_) sum += sample.*field;
  return sum / static_cast<double>(window_.size());
}

void PartitionPlot::addFrame(const FrameView& frame) {
  const PartitionView& part = frame.partition;
  if (!part.active) return;
  if (frame.frameNumber <= lastFrame_) clear();  // seek, loop or new source
  lastFrame_ = frame.frameNumber;
  const double x = static_cast<double>(frame.frameNumber);
  camera_->addData(x, part.cameraMs);
  transmission_->addData(x, part.transmissionMs);
  server_->addData(x, part.serverMs);
  endToEnd_->addData(x, part.endToEndMs);
  if (part.fellBack()) fallbacks_->addData(x, part.endToEndMs);
  const double oldest = x - kWindowFrames;
  for (QCPBars* bars : {camera_, transmission_, server_}) bars->data()->removeBefore(oldest + 0.5);
  for (QCPGraph* graph : {endToEnd_, fallbacks_}) graph->data()->removeBefore(oldest + 0.5);
  window_.push_back({frame.frameNumber, part.uplinkKb, part.downlinkKb, part.endToEndMs});
  while (!window_.empty() && window_.front().frameNumber <= frame.frameNumber - kWindowFrames) window_.pop_front();
  updateCaption(part);
  requestReplot();
}

void PartitionPlot::clear() {
  for (QCPBars* bars : {camera_, transmission_, server_}) bars->data()->clear();
  for (QCPGraph* graph : {endToEnd_, fallbacks_}) graph->data()->clear();
  window_.clear();
  lastFrame_ = 0;
  updateCaption({});
  requestReplot();
}

void PartitionPlot::updateCaption(const PartitionView& last) {
  if (!last.active) {
    caption_->setText(
        tr("No partitioned frames: start or add nodes (Cluster) and choose a strategy in "
           "Knobs ▸ partition."));
    fallback_->hide();
    return;
  }
  QString text = tr("<b>%1</b>").arg(last.strategy.toHtmlEscaped());
  if (!last.node.isEmpty()) text += tr(" on %1").arg(last.node.toHtmlEscaped());
  if (last.sentWidth > 0) {
    text += tr(" · sent %1×%2%3").arg(last.sentWidth).arg(last.sentHeight).arg(last.fullFrame ? tr(" (full)") : "");
  }
  text += tr(" · ↑ %1 KB ↓ %2 KB per frame · end-to-end %3 ms (mean of %4 frames)")
              .arg(meanUplinkKb(), 0, 'f', 1)
              .arg(meanDownlinkKb(), 0, 'f', 2)
              .arg(mean(&Sample::endToEndMs), 0, 'f', 1)
              .arg(window_.size());
  caption_->setText(text);
  if (last.fellBack()) {
    const QString reason = last.fallbackReason.isEmpty() ? tr("requested %1").arg(last.requested) : last.fallbackReason;
    fallback_->setText(tr("fallback: %1 (%2)").arg(last.strategy, reason));
    fallback_->setToolTip(tr("%1 was requested; frames run %2 on the camera until a node is available")
                              .arg(last.requested, last.strategy));
    fallback_->show();
  } else {
    fallback_->hide();
  }
}

void PartitionPlot::updateAxes() {
  const double upper = std::max<double>(kMinSpanFrames, static_cast<double>(lastFrame_) + 1.0);
  plot()->xAxis->setRange(std::max(0.0, upper - kWindowFrames - 1.0), upper);
  double maxMs = 1.0;
  bool found = false;
  const QCPRange stacked = server_->getValueRange(found);  // the top of the stack
  if (found) maxMs = std::max(maxMs, stacked.upper);
  const QCPRange line = endToEnd_->getValueRange(found);
  if (found) maxMs = std::max(maxMs, line.upper);
  plot()->yAxis->setRange(0, maxMs * 1.15);
}

}  // namespace edgescope
