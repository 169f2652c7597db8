#pragma once
/// @file GuiProbe.h
/// Measures the GUI thread of the console while it runs: the busy time of every event-loop iteration (from the
/// dispatcher's awake() to its next aboutToBlock(): the work of one GUI "frame": polling the engine, converting
/// snapshots, painting, replotting) and the process's resident memory sampled at a fixed period. GUI thread.

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <QVector>

namespace edgescope {

class GuiProbe : public QObject {
  Q_OBJECT
 public:
  struct MemorySample {
    double elapsedS = 0.0;
    double rssMb = 0.0;
  };
  explicit GuiProbe(int memoryPeriodMs, QObject* parent = nullptr);
  /// Busy time of each event-loop iteration so far, ms.
  const QVector<double>& iterationsMs() const { return iterationsMs_; }
  const QVector<MemorySample>& memory() const { return memory_; }
  /// Resident set size of this process, MB (from /proc/self/status; 0 when unreadable).
  static double residentMb();
  /// Value at quantile @p q (0–1) of @p values.
  static double quantile(QVector<double> values, double q);

 signals:
  void memorySampled(double elapsedS, double rssMb);

 private:
  QElapsedTimer clock_;
  QElapsedTimer iteration_;
  QTimer memoryTimer_;
  QVector<double> iterationsMs_;
  QVector<MemorySample> memory_;
  bool awake_ = false;
};

}  // namespace edgescope
