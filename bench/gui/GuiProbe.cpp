#include "GuiProbe.h"

#include <QFile>
#include <algorithm>

namespace edgescope {

GuiProbe::GuiProbe(int memoryPeriodMs, QObject* parent) : QObject(parent) {
  clock_.start();
  // A heartbeat every kHeartbeatMs: the gap between two beats is the longest the GUI thread could not react, i.e.
  // the time of the GUI "frame" (polling, conversion, painting, replotting) that ran in between.
  heartbeat_.setTimerType(Qt::PreciseTimer);
  connect(&heartbeat_, &QTimer::timeout, this, [this] {
    if (iteration_.isValid()) {
      const double gapMs = iteration_.nsecsElapsed() / 1e6;
      iterationsMs_.push_back(gapMs);
      if (gapMs > kReportGapMs) longGaps_.push_back({clock_.elapsed() / 1000.0, gapMs});
    }
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

double GuiProbe::residentMb() {
  QFile status("/proc/self/status");
  if (!status.open(QIODevice::ReadOnly)) return 0.0;
  for (const QByteArray& line : status.readAll().split('\n')) {
    if (line.startsWith("VmRSS:")) return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
  }
  return 0.0;
}

double GuiProbe::quantile(QVector<double> values, double q) {
  if (values.isEmpty()) return 0.0;
  std::sort(values.begin(), values.end());
  return values[std::min<qsizetype>(values.size() - 1, static_cast<qsizetype>(q * (values.size() - 1) + 0.5))];
}

}  // namespace edgescope
