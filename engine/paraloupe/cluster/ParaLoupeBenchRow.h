#pragma once
/// @file ParaLoupeBenchRow.h
/// One row of `edgescope-cli paraloupe-bench` (issue 20): a way of tracking (full, full-small, teacher, mini-full,
/// ep8, lastdet, pl-local, pl-uniform, pl-greedy, pl-markov) on one emulated camera profile over a frame range:
/// tracking quality against the ground truth (MOTA, IDF1, HOTA, detection F1), end-to-end latency against the SLO,
/// and for the PL rows what ParaLoupe did (patches, shedding, uplink, camera overhead, scheduler, node shares,
/// predicted against measured node time, and a per-frame log of latency and patches per device for windowed
/// figures). Phases split the row where the cluster changes (--kill-at). Value type.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "eval/MetricsAccumulator.h"
#include "session/PartitionFrame.h"
#include "util/JsonDocument.h"

namespace edgescope {

class ParaLoupeBenchRow {
 public:
  /// Frames before @p firstScoredFrame are warm-up: run, not scored.
  ParaLoupeBenchRow(std::string row, std::string cameraProfile, double sloMs, bool haveGt,
                    std::int64_t firstScoredFrame = 0);
  /// Starts a phase at @p fromFrame with @p nodesOnline nodes (the first one starts with the row).
  void startPhase(std::int64_t fromFrame, int nodesOnline);
  /// The current phase's node loss was seen @p seconds after the kill.
  void setLossDetected(double seconds);
  /// One frame: its tracks as result rows, the ground truth, its end-to-end ms, and (PL rows) the partition record.
  void addFrame(std::int64_t frame, const std::vector<MotRow>& gt, const std::vector<MotRow>& hyp, double endToEndMs,
                const PartitionFrame* partition = nullptr);
  const std::string& row() const { return row_; }
  double latencyP50() const;
  double latencyP95() const;
  /// The keys of the JSON row.
  Json toJson() const;
  /// Phases as the "phases" entries.
  Json phasesJson() const;
  static std::string tableHeader();
  std::string tableLine() const;

 private:
  struct Phase {
    std::int64_t fromFrame = 0, toFrame = 0;
    int nodesOnline = 0;
    std::vector<double> latencyMs;
    MetricsAccumulator metrics;
    double lossDetectedS = -1.0;
  };
  std::string row_;
  std::string cameraProfile_;
  double sloMs_ = 40.0;
  bool haveGt_ = false;
  std::int64_t firstScored_ = 0;
  MetricsAccumulator metrics_;
  std::vector<double> latencyMs_;
  std::int64_t frames_ = 0, withResult_ = 0;
  std::int64_t plFrames_ = 0, patches_ = 0, high_ = 0, low_ = 0, shed_ = 0, late_ = 0;
  double uplinkKb_ = 0.0, utility_ = 0.0;
  std::vector<double> patchgenMs_, cameraMs_, scheduleMs_, predictionError_;
  std::map<std::string, std::int64_t> served_;
  std::vector<Phase> phases_;
  struct LoggedFrame {
    std::int64_t frame = 0;
    double endToEndMs = 0.0;
    std::map<std::string, int> served;  ///< device → patches it served
  };
  std::vector<LoggedFrame> frameLog_;  ///< per PL frame
};

}  // namespace edgescope
