#include "NodeShareArea.h"

#include <qcustomplot.h>
#include <algorithm>
#include <iterator>

namespace edgescope {
namespace {
constexpr int kMinSpanFrames = 30;
const QColor kCameraColor(140, 140, 140);
const QColor kNodeColors[] = {QColor(30, 120, 220), QColor(230, 140, 30), QColor(40, 160, 80),  QColor(150, 80, 200),
                              QColor(200, 60, 60),  QColor(40, 170, 170), QColor(190, 160, 20), QColor(120, 90, 60)};
constexpr int kNodeColorCount = static_cast<int>(std::size(kNodeColors));
const QString kCamera = QStringLiteral("camera");
}  // namespace

NodeShareArea::NodeShareArea(QWidget* parent) : LivePlot(parent) {
  plot()->xAxis->setLabel(tr("frame"));
  plot()->yAxis->setLabel(tr("share of served patches %"));
  setupLegend(Qt::AlignBottom | Qt::AlignLeft);
  updateAxes();
}

double NodeShareArea::share(const QString& device, qint64 frameNumber) const {
  for (const Sample& sample : window_) {
    if (sample.frameNumber == frameNumber) return sample.shares.value(device, 0.0);
  }
  return 0.0;
}

double NodeShareArea::stackTopPercent(const QString& device) const {
  const int index = static_cast<int>(devices_.indexOf(device));
  if (index < 0 || window_.empty()) return -1.0;
  double cumulative = 0.0;
  for (int below = 0; below <= index; ++below) cumulative += window_.back().shares.value(devices_[below], 0.0);
  return cumulative * 100.0;
}

QColor NodeShareArea::colorOf(const QString& device) const {
  if (device == kCamera) return kCameraColor;
  int node = 0;  // nodes are only ever appended: a node keeps its colour
  for (const QString& name : devices_) {
    if (name == device) break;
    node += name == kCamera ? 0 : 1;
  }
  return kNodeColors[node % kNodeColorCount];
}

void NodeShareArea::addDevice(const QString& device) {
  if (devices_.contains(device)) return;
  // The camera goes to the bottom of the stack, nodes on top in the order they first served.
  plot()->addGraph();
  if (device == kCamera) {
    devices_.prepend(device);
  } else {
    devices_ << device;
  }
}

void NodeShareArea::addFrame(const FrameView& frame) {
  const ParaLoupeView& pl = frame.partition.paraloupe;
  if (!frame.partition.active || !pl.active) return;
  if (!window_.empty() && frame.frameNumber <= window_.back().frameNumber) clear();  // seek, loop or new source
  Sample sample{frame.frameNumber, {}};
  int served = 0;
  for (const PatchRecordView& record : pl.records) {
    if (!record.served || record.node.isEmpty()) continue;
    sample.shares[record.node] += 1.0;
    ++served;
  }
  if (served == 0) return;
  for (auto it = sample.shares.begin(); it != sample.shares.end(); ++it) {
    it.value() /= served;
    addDevice(it.key());
  }
  window_.push_back(std::move(sample));
  while (static_cast<int>(window_.size()) > kWindowFrames) window_.pop_front();
  dirty_ = true;
  requestReplot();
}

void NodeShareArea::clear() {
  window_.clear();
  devices_.clear();
  plot()->clearGraphs();
  dirty_ = false;
  requestReplot();
}

void NodeShareArea::rebuildCurves() {
  // Graphs are (re)assigned to devices_ in stacking order; each band fills down to the one below it.
  for (int i = 0; i < devices_.size(); ++i) {
    QCPGraph* graph = plot()->graph(i);
    const QColor color = colorOf(devices_[i]);
    graph->setName(devices_[i]);
    graph->setPen(QPen(color.darker(120), 1));
    graph->setBrush(QColor(color.red(), color.green(), color.blue(), 170));
    graph->setChannelFillGraph(i > 0 ? plot()->graph(i - 1) : nullptr);
    QVector<double> keys, values;
    keys.reserve(static_cast<int>(window_.size()));
    values.reserve(static_cast<int>(window_.size()));
    for (const Sample& sample : window_) {
      double cumulative = 0.0;
      for (int below = 0; below <= i; ++below) cumulative += sample.shares.value(devices_[below], 0.0);
      keys << static_cast<double>(sample.frameNumber);
      values << cumulative * 100.0;
    }
    graph->setData(keys, values, true);
  }
  dirty_ = false;
}

void NodeShareArea::updateAxes() {
  if (dirty_) rebuildCurves();
  const double upper =
      std::max<double>(kMinSpanFrames, window_.empty() ? 0.0 : static_cast<double>(window_.back().frameNumber) + 1.0);
  plot()->xAxis->setRange(std::max(0.0, upper - kWindowFrames - 1.0), upper);
  plot()->yAxis->setRange(0.0, 100.0);
}

}  // namespace edgescope
