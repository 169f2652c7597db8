#pragma once
/// @file PipelineExporter.h
/// What `edgescope-cli track|partition-bench --metrics ADDR` serves while the command runs: a MetricsServer with one
/// source's PipelineMetrics, the cluster's nodes (ClusterMetrics), live MOTA/IDF1 when the caller scores frames
/// against GT, and edgescope_build_info. The caller tracks the frames itself and hands each one over.
///
/// Threads: every method on the caller's thread (the CLI's main thread); scrapes on civetweb's threads.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "eval/MetricsAccumulator.h"
#include "metrics/BuildInfo.h"
#include "metrics/ClusterMetrics.h"
#include "metrics/MetricsServer.h"
#include "metrics/PipelineMetrics.h"

namespace edgescope {

class PipelineExporter {
 public:
  /// Serves on @p address (MetricsServer's forms); series labelled source = @p source, build info of
  /// @p detectorSpec. Throws Error naming the address when it cannot serve.
  PipelineExporter(const std::string& address, const std::string& source, const std::string& detectorSpec);
  ~PipelineExporter();  ///< stops serving first

  /// One tracked frame: its stage latencies (ms), input size, partition, and @p decodeMs (the "decode" stage; < 0:
  /// not timed, no such stage). Counts it as processed, and as a DeepScale re-selection when @p deepscale says so.
  void addFrame(const LatencyBreakdown& latency, const DeepScaleFrame& deepscale, const PartitionFrame& partition,
                int frameWidthPx, int frameHeightPx, double decodeMs = -1.0);
  /// Scores frame @p frame's tracks @p hyp against @p gt; MOTA and IDF1 are republished every 25 scored frames.
  /// A frame the accumulator refuses (an id twice) ends scoring until restartScoring().
  void scoreFrame(std::int64_t frame, const std::vector<MotRow>& gt, const std::vector<MotRow>& hyp);
  /// Scores the following frames as a new sequence (a new partition-bench row, say).
  void restartScoring();
  /// The cluster's nodes now.
  void updateNodes(const std::vector<ClusterNodeView>& nodes) { cluster_.update(nodes); }

  std::string url() const { return server_.url(); }

 private:
  MetricsServer server_;
  PipelineMetrics pipeline_;
  ClusterMetrics cluster_;
  BuildInfo buildInfo_;
  MetricsAccumulator accuracy_;
  PlaybackStats counts_;
  DeepScaleStatus deepscale_;
  std::int64_t scoredFrames_ = 0;
  bool scoring_ = true;
};

}  // namespace edgescope
