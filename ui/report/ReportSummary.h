#pragma once
/// @file ReportSummary.h
/// What a report states about a recorded session, computed once from SessionData: per-stage latency percentiles,
/// mean processing rate, detector-input resolution histogram, final metrics, knob timeline, GT coverage and whether
/// the recording was interrupted, and Turbo's totals (TurboSessionSummary; issue 21). Value type; compute() is pure —
/// any thread.

#include <QString>
#include <cstdint>
#include <vector>

#include "TurboSessionSummary.h"
#include "record/SessionData.h"

namespace edgescope {

struct ReportSummary {
  struct StageLatency {
    QString stage;  ///< "decode", "detect", "embed", "track", … in frames.csv column order, then "total"
    std::size_t samples = 0;
    double meanMs = 0.0, p50Ms = 0.0, p95Ms = 0.0, p99Ms = 0.0, maxMs = 0.0;
  };
  struct ResolutionShare {
    int width = 0, height = 0;  ///< detector input size, pixels
    QString label;              ///< "WxH"
    std::int64_t frames = 0;
    double fraction = 0.0;  ///< of the frames that recorded an input size (0–1)
  };

  std::int64_t frameCount = 0;                 ///< recorded frames (rows of frames.csv)
  std::int64_t firstFrame = 0, lastFrame = 0;  ///< source frame numbers of the first/last recorded row (0 if none)
  double durationS = 0.0;                      ///< time_s of the last frame − time_s of the first
  double meanFps = 0.0;               ///< (frames − 1) / durationS; 0 with fewer than two frames or no elapsed time
  std::vector<StageLatency> latency;  ///< one per stage column, then "total"; empty without frames
  std::vector<ResolutionShare> resolutions;  ///< largest area first; frames with input size 0 are left out
  std::int64_t framesWithSize = 0;           ///< frames that recorded a detector input size
  bool hasMetrics = false;
  RecordedMetrics finalMetrics;      ///< the last metrics line (cumulative since the source was opened / last seek)
  std::vector<RecordedKnob> knobs;   ///< parameter changes, by time
  std::int64_t framesWithGt = 0;     ///< frames scored against GT (sum over the metrics segments a seek starts)
  std::int64_t framesWithoutGt = 0;  ///< frameCount − framesWithGt
  bool interrupted = false;          ///< !manifest.complete
  TurboSessionSummary turbo;         ///< Turbo and degraded frames (turbo.present false without Turbo frames)

  /// Computes everything from @p data. Never throws; empty input gives zeros.
  static ReportSummary compute(const SessionData& data);
  /// Stage names in frames.csv column order (first appearance over all frames), without "total".
  static std::vector<std::string> stageNames(const SessionData& data);
  /// Module field names (pl_*, …) in frames.csv column order (first appearance over all frames).
  static std::vector<std::string> moduleFieldNames(const SessionData& data);
  /// The value at quantile @p q (0–1) of @p values (nearest rank, as `edgescope-cli track` reports); 0 when empty.
  static double percentile(std::vector<double> values, double q);
};

}  // namespace edgescope
