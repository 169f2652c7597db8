#include "GuiProbe.h"

#include <QAbstractEventDispatcher>
#include <QFile>
#include <QThread>
#include <algorithm>

namespace edgescope {

GuiProbe::GuiProbe(int memoryPeriodMs, QObject* parent) : QObject(parent) {
  clock_.start();
  QAbstractEventDispatcher* dispatcher = QAbstractEventDispatcher::instance(QThread::currentThread());
  connect(dispatcher, &QAbstractEventDispatcher::awake, this, [this] {
    if (awake_) return;
    awake_ = true;
    iteration_.start();
  });
  connect(dispatcher, &QAbstractEventDispatcher::aboutToBlock, this, [this] {
    if (!awake_) return;
    awake_ = false;
    iterationsMs_.push_back(iteration_.nsecsElapsed() / 1e6);
  });
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
