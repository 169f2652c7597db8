#include "GuiProbe.h"

#include <QFile>
#include <algorithm>
#include <cmath>

namespace edgescope {
namespace {
constexpr int kBins = static_cast<int>(GuiProbe::kMaxBinnedMs / GuiProbe::kBinMs) + 1;

int binOf(double ms) { return std::clamp(static_cast<int>(std::floor(ms / GuiProbe::kBinMs)), 0, kBins - 1); }
}  // namespace

GuiProbe::GuiProbe(int memoryPeriodMs, QObject* parent) : QObject(parent), gapBins_(kBins, 0) {
  longGaps_.reserve(kMaxLongGaps);
  clock_.start();
  // A heartbeat every kHeartbeatMs: the gap between two beats is the longest the GUI thread could not react, i.e.
  // the time of the GUI "frame" (polling, conversion, painting, replotting) that ran in between.
  heartbeat_.setTimerType(Qt::PreciseTimer);
  connect(&heartbeat_, &QTimer::timeout, this, [this] {
    if (iteration_.isValid()) addGap(iteration_.nsecsElapsed() / 1e6);
    iteration_.start();
  });
  heartbeat_.start(kHeartbeatMs);
  connect(&memoryTimer_, &QTimer::timeout, this, [this] {
    const MemorySample sample{clock_.elapsed() / 1000.0, residentMb()};
    memory_.push_back(sample);
    emit memorySampled(sample.elapsedS, sample.rssMb);
  });
  memoryTimer_.start(memoryPeriodMs);
}

void GuiProbe::addGap(double gapMs) {
  ++gapBins_[binOf(gapMs)];
  ++gapCount_;
  maxGapMs_ = std::max(maxGapMs_, gapMs);
  if (gapMs <= kReportGapMs) return;
  ++longGapCount_;
  if (longGaps_.size() < kMaxLongGaps) longGaps_.push_back({clock_.elapsed() / 1000.0, gapMs});
}

double GuiProbe::gapQuantileMs(double q) const {
  if (gapCount_ == 0) return 0.0;
  if (q >= 1.0) return maxGapMs_;
  // Same rank as the nearest-rank quantile of the sorted gaps: index round(q × (n − 1)).
  const qint64 rank = static_cast<qint64>(std::max(0.0, q) * static_cast<double>(gapCount_ - 1) + 0.5);
  qint64 seen = 0;
  for (int bin = 0; bin < kBins; ++bin) {
    seen += gapBins_[bin];
    if (seen > rank) return std::min(maxGapMs_, (bin + 0.5) * kBinMs);
  }
  return maxGapMs_;
}

qint64 GuiProbe::gapsOver(double ms) const {
  qint64 over = 0;
  for (int bin = binOf(ms) + 1; bin < kBins; ++bin) over += gapBins_[bin];
  return over;
}

double GuiProbe::residentMb() {
  QFile status("/proc/self/status");
  if (!status.open(QIODevice::ReadOnly)) return 0.0;
  for (const QByteArray& line : status.readAll().split('\n')) {
    if (line.startsWith("VmRSS:")) return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
  }
  return 0.0;
}

}  // namespace edgescope
