#pragma once
/// @file GuiProbe.h
/// Measures the GUI thread of the console while it runs: the gaps between the beats of a 5 ms precise timer (a gap
/// is the time the GUI thread was busy with one "frame" of work: polling the engine, converting snapshots, painting,
/// replotting, plus the 5 ms period) and the process's resident memory sampled at a fixed period. GUI thread.

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
  static constexpr int kHeartbeatMs = 5;
  static constexpr double kReportGapMs = 30.0;
  struct Gap {
    double atS;   ///< seconds since the probe started
    double gapMs;
  };
  /// Gaps longer than kReportGapMs, with when they happened.
  const QVector<Gap>& longGaps() const { return longGaps_; }
  /// Gaps between heartbeats so far, ms (≥ kHeartbeatMs; the excess is GUI work that delayed the beat).
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
  QTimer heartbeat_;
  QVector<double> iterationsMs_;
  QVector<Gap> longGaps_;
  QVector<MemorySample> memory_;
};

}  // namespace edgescope
