#pragma once
/// @file GuiProbe.h
/// Measures the GUI thread of the console while it runs: the gaps between the beats of a 5 ms precise timer (a gap
/// is the time the GUI thread was busy with one "frame" of work: polling the engine, converting snapshots, painting,
/// replotting, plus the 5 ms period) and the process's resident memory sampled at a fixed period. GUI thread.
///
/// The probe's own memory is fixed after construction (a histogram of the gaps, at most kMaxLongGaps long gaps), so
/// it does not add to the resident-memory slope it reports; memory samples (one per period) are the only growth.

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
  static constexpr double kBinMs = 0.01;           ///< histogram resolution of the gaps
  static constexpr double kMaxBinnedMs = 1000.0;   ///< longer gaps count in the last bin (the maximum stays exact)
  static constexpr int kMaxLongGaps = 500;         ///< long gaps kept with their time; later ones are only counted
  struct Gap {
    double atS;   ///< seconds since the probe started
    double gapMs;
  };
  /// The first kMaxLongGaps gaps longer than kReportGapMs, with when they happened.
  const QVector<Gap>& longGaps() const { return longGaps_; }
  /// Gaps longer than kReportGapMs, kept or not.
  qint64 longGapCount() const { return longGapCount_; }
  /// Gaps between heartbeats so far (each ≥ kHeartbeatMs; the excess is GUI work that delayed the beat).
  qint64 gapCount() const { return gapCount_; }
  /// Gap at quantile @p q (0–1), ms, to kBinMs (q = 1: the exact maximum); 0 before the first gap.
  double gapQuantileMs(double q) const;
  /// Gaps longer than @p ms (to kBinMs).
  qint64 gapsOver(double ms) const;
  const QVector<MemorySample>& memory() const { return memory_; }
  /// Resident set size of this process, MB (from /proc/self/status; 0 when unreadable).
  static double residentMb();

 signals:
  void memorySampled(double elapsedS, double rssMb);

 private:
  void addGap(double gapMs);

  QElapsedTimer clock_;
  QElapsedTimer iteration_;
  QTimer memoryTimer_;
  QTimer heartbeat_;
  QVector<quint32> gapBins_;  ///< gapBins_[i]: gaps in [i, i + 1) × kBinMs
  qint64 gapCount_ = 0;
  double maxGapMs_ = 0.0;
  QVector<Gap> longGaps_;
  qint64 longGapCount_ = 0;
  QVector<MemorySample> memory_;
};

}  // namespace edgescope
