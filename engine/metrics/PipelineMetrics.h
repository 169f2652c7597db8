#pragma once
/// @file PipelineMetrics.h
/// One tracking pipeline's series (label source = the source's name), fed from what the engine publishes
/// (FrameSnapshot, EngineStatus) or from the CLI's per-frame results:
///   edgescope_stage_latency_seconds{source,stage}   histogram: decode, detect, embed, track, camera, transmit,
///                                                   server (stages of LatencyBreakdown) and end_to_end
///   edgescope_frames_processed_total{source}        counter
///   edgescope_frames_dropped_total{source}          counter: live frames the pipeline was too slow to take
///   edgescope_frames_skipped_total{source}          counter: snapshots no consumer took (display)
///   edgescope_input_width_pixels{source}, edgescope_input_height_pixels{source}  gauges: detector input now
///   edgescope_deepscale_reselections_total{source}  counter
///   edgescope_partition_frames_total{source,strategy}     counter: frames by the strategy that ran them
///   edgescope_partition_fallbacks_total{source,strategy}  counter: frames the requested strategy fell back to CO
///   edgescope_mota{source}, edgescope_idf1{source}  gauges (ratios), only once live metrics exist (GT present)
///
/// Counts that the engine keeps cumulatively (frames processed/dropped/skipped, re-selections) advance by their
/// growth, so a consumer that misses snapshots still counts every frame; histograms, the partition counters and the
/// input size come from the frames observed (every frame in the CLI, the frames the console takes).
///
/// Threads: every method from one feeding thread (the console's GUI thread, the CLI's main thread); scrapes read the
/// series on civetweb's threads.

#include <map>
#include <memory>
#include <string>

#include "core/LatencyBreakdown.h"
#include "deepscale/DeepScaleStatus.h"
#include "eval/MotMetrics.h"
#include "metrics/CumulativeCounter.h"
#include "session/FrameSnapshot.h"
#include "session/PartitionFrame.h"

#include "metrics/PrometheusFwd.h"

namespace edgescope {

class PipelineMetrics {
 public:
  /// Adds the families to @p registry (which must outlive this object); series are labelled @p source.
  explicit PipelineMetrics(prometheus::Registry& registry, const std::string& source = "camera");
  ~PipelineMetrics();

  /// Labels the series fed from now on with @p source (the series of the previous source stay, frozen). An empty
  /// name or the current one changes nothing.
  void setSource(const std::string& source);
  const std::string& source() const { return source_; }

  /// One processed frame: its stage latencies (ms), the input size it ran at (@p deepscale when active, else the
  /// frame's @p frameWidthPx × @p frameHeightPx) and its partition.
  void observeFrame(const LatencyBreakdown& latency, const DeepScaleFrame& deepscale, const PartitionFrame& partition,
                    int frameWidthPx, int frameHeightPx);
  /// observeFrame() of the snapshot's frame, then updateCounts() with its statistics.
  void observeSnapshot(const FrameSnapshot& snapshot);
  /// Advances the frame counters to the engine's cumulative counts.
  void updateCounts(const PlaybackStats& stats);
  /// Advances the re-selection counter to status.selections.
  void updateDeepScale(const DeepScaleStatus& status);
  /// Sets the MOTA and IDF1 gauges.
  void updateAccuracy(const MotMetrics& metrics);
  /// Source name, counts, DeepScale and (when hasMetrics) accuracy of @p status.
  void observeStatus(const EngineStatus& status);

 private:
  struct Series;
  prometheus::Histogram& stage(const std::string& name);

  prometheus::Family<prometheus::Histogram>& latency_;
  prometheus::Family<prometheus::Counter>& processed_;
  prometheus::Family<prometheus::Counter>& dropped_;
  prometheus::Family<prometheus::Counter>& skipped_;
  prometheus::Family<prometheus::Gauge>& width_;
  prometheus::Family<prometheus::Gauge>& height_;
  prometheus::Family<prometheus::Counter>& reselections_;
  prometheus::Family<prometheus::Counter>& partitionFrames_;
  prometheus::Family<prometheus::Counter>& fallbacks_;
  prometheus::Family<prometheus::Gauge>& mota_;
  prometheus::Family<prometheus::Gauge>& idf1_;
  std::string source_;
  std::unique_ptr<Series> series_;  ///< of source_
};

}  // namespace edgescope
