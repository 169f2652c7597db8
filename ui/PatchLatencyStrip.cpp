#include "PatchLatencyStrip.h"

#include <qcustomplot.h>
#include <QMouseEvent>
#include <algorithm>
#include <cstdlib>

namespace edgescope {
namespace {
constexpr double kBarWidthFrames = 0.9;
constexpr int kMinSpanFrames = 30;

QCPItemStraightLine* addLine(QCustomPlot* plot, const QPen& pen) {
  auto* line = new QCPItemStraightLine(plot);
  line->setPen(pen);
  line->setSelectable(false);
  line->setVisible(false);
  return line;
}
}  // namespace

PatchLatencyStrip::PatchLatencyStrip(QWidget* parent) : LivePlot(parent) {
  setMinimumHeight(90);
  QCustomPlot* p = plot();
  met_ = addBars(tr("SLO met"), QColor(40, 160, 80, 210), kBarWidthFrames);
  missed_ = addBars(tr("SLO missed"), QColor(215, 45, 45, 220), kBarWidthFrames);
  slo_ = addLine(p, QPen(QColor(215, 45, 45), 1.2, Qt::DashLine));
  marker_ = addLine(p, QPen(QColor(30, 120, 220), 2.0));
  p->xAxis->setLabel(tr("frame (click: show in the Gantt, double-click: follow the newest)"));
  p->yAxis->setLabel(tr("end to end ms"));
  setupLegend(Qt::AlignTop | Qt::AlignLeft);
  setToolTip(tr("End-to-end latency of the last %1 ParaLoupe frames; click a bar to show its Gantt").arg(kRingFrames));
  connect(p, &QCustomPlot::mousePress, this, &PatchLatencyStrip::onPress);
  connect(p, &QCustomPlot::mouseDoubleClick, this, [this](QMouseEvent*) { followNewest(); });
  updateAxes();
}

const PatchLatencyStrip::Entry* PatchLatencyStrip::entry(qint64 frameNumber) const {
  const auto it = std::lower_bound(ring_.begin(), ring_.end(), frameNumber,
                                   [](const Entry& entry, qint64 number) { return entry.frameNumber < number; });
  return it != ring_.end() && it->frameNumber == frameNumber ? &*it : nullptr;
}

const PatchLatencyStrip::Entry* PatchLatencyStrip::shownEntry() const {
  if (ring_.empty()) return nullptr;
  return following_ ? &ring_.back() : entry(chosen_);
}

double PatchLatencyStrip::sloMetShare() const {
  if (ring_.empty()) return 0.0;
  const auto met =
      std::count_if(ring_.begin(), ring_.end(), [](const Entry& e) { return e.partition.paraloupe.sloMet; });
  return static_cast<double>(met) / static_cast<double>(ring_.size());
}

double PatchLatencyStrip::meanPatches() const {
  int frames = 0, patches = 0;
  for (const Entry& e : ring_) {
    if (e.partition.paraloupe.keyframe) continue;
    ++frames;
    patches += e.partition.paraloupe.patches;
  }
  return frames > 0 ? static_cast<double>(patches) / frames : 0.0;
}

qint64 PatchLatencyStrip::frameAtPixel(int xPx) const {
  if (ring_.empty()) return -1;
  const double x = plot()->xAxis->pixelToCoord(xPx);
  const auto nearer = [x](const Entry& a, const Entry& b) {
    return std::abs(static_cast<double>(a.frameNumber) - x) < std::abs(static_cast<double>(b.frameNumber) - x);
  };
  return std::min_element(ring_.begin(), ring_.end(), nearer)->frameNumber;
}

void PatchLatencyStrip::addFrame(const FrameView& frame) {
  const ParaLoupeView& pl = frame.partition.paraloupe;
  if (!frame.partition.active || !pl.active) return;
  if (!ring_.empty() && frame.frameNumber <= ring_.back().frameNumber) clear();  // seek, loop or new source
  ring_.push_back({frame.frameNumber, frame.partition});
  const double x = static_cast<double>(frame.frameNumber);
  (pl.sloMet ? met_ : missed_)->addData(x, frame.partition.endToEndMs);
  bool chosenLeft = false;
  while (static_cast<int>(ring_.size()) > kRingFrames) {
    chosenLeft = chosenLeft || (!following_ && ring_.front().frameNumber == chosen_);
    ring_.pop_front();
  }
  const double oldest = static_cast<double>(ring_.front().frameNumber);
  for (QCPBars* bars : {met_, missed_}) bars->data()->removeBefore(oldest - 0.5);
  if (chosenLeft) following_ = true;  // the chosen frame is gone: back to the newest
  if (following_) emit shownFrameChanged();
  requestReplot();
}

void PatchLatencyStrip::selectFrame(qint64 frameNumber) {
  if (ring_.empty()) return;
  const Entry* kept = entry(frameNumber);
  if (!kept) {
    const auto nearer = [frameNumber](const Entry& a, const Entry& b) {
      return std::llabs(a.frameNumber - frameNumber) < std::llabs(b.frameNumber - frameNumber);
    };
    kept = &*std::min_element(ring_.begin(), ring_.end(), nearer);
  }
  following_ = false;
  chosen_ = kept->frameNumber;
  emit shownFrameChanged();
  requestReplot();
}

void PatchLatencyStrip::followNewest() {
  if (following_) return;
  following_ = true;
  emit shownFrameChanged();
  requestReplot();
}

void PatchLatencyStrip::clear() {
  ring_.clear();
  for (QCPBars* bars : {met_, missed_}) bars->data()->clear();
  following_ = true;
  chosen_ = 0;
  emit shownFrameChanged();
  requestReplot();
}

void PatchLatencyStrip::onPress(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton || ring_.empty()) return;
  const qint64 frame = frameAtPixel(qRound(event->position().x()));
  if (frame >= 0) selectFrame(frame);
}

void PatchLatencyStrip::updateAxes() {
  const double upper = std::max<double>(kMinSpanFrames, static_cast<double>(newestFrame()) + 1.0);
  plot()->xAxis->setRange(std::max(0.0, upper - kRingFrames - 1.0), upper);
  double maxMs = 1.0;
  for (QCPBars* bars : {met_, missed_}) {
    bool found = false;
    const QCPRange range = bars->getValueRange(found);
    if (found) maxMs = std::max(maxMs, range.upper);
  }
  const Entry* newest = ring_.empty() ? nullptr : &ring_.back();
  slo_->setVisible(newest != nullptr);
  if (newest) {
    const double sloMs = newest->partition.paraloupe.sloMs;
    slo_->point1->setCoords(0.0, sloMs);
    slo_->point2->setCoords(1.0, sloMs);
    maxMs = std::max(maxMs, sloMs);
  }
  const Entry* shown = shownEntry();
  marker_->setVisible(shown != nullptr);
  if (shown) {
    marker_->point1->setCoords(static_cast<double>(shown->frameNumber), 0.0);
    marker_->point2->setCoords(static_cast<double>(shown->frameNumber), 1.0);
  }
  plot()->yAxis->setRange(0.0, maxMs * 1.15);
}

}  // namespace edgescope
