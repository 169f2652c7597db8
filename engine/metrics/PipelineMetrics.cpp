#include "metrics/PipelineMetrics.h"

#include "metrics/MetricFamilies.h"

#include <algorithm>

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

namespace edgescope {

namespace {

/// Bucket bounds of the latency histograms, seconds: 0.5 ms … 5 s, dense where frames are (5–200 ms).
const prometheus::Histogram::BucketBoundaries& latencyBuckets() {
  static const prometheus::Histogram::BucketBoundaries bounds{0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.03, 0.05,
                                                              0.075,  0.1,   0.15,  0.2,   0.3,  0.5,  1.0,  2.0, 5.0};
  return bounds;
}

using Families = MetricFamilies;

}  // namespace

/// The series of one source label.
struct PipelineMetrics::Series {
  CumulativeCounter processed, dropped, skipped, reselections;
  prometheus::Gauge* width;
  prometheus::Gauge* height;
  prometheus::Gauge* mota;
  prometheus::Gauge* idf1;
  std::map<std::string, prometheus::Histogram*> stages;
};

PipelineMetrics::PipelineMetrics(prometheus::Registry& registry, const std::string& source)
    : latency_(prometheus::BuildHistogram()
                   .Name("edgescope_stage_latency_seconds")
                   .Help("Wall-clock time of one frame in a pipeline stage (end_to_end: capture to result)")
                   .Register(registry)),
      processed_(Families::framesProcessed(registry)),
      dropped_(Families::counter(registry, "edgescope_frames_dropped_total",
                       "Live frames dropped at the source because the pipeline was busy")),
      skipped_(Families::counter(registry, "edgescope_frames_skipped_total",
                       "Processed frames the display (or another consumer) skipped")),
      width_(Families::gauge(registry, "edgescope_input_width_pixels", "Detector input width of the latest frame")),
      height_(Families::gauge(registry, "edgescope_input_height_pixels", "Detector input height of the latest frame")),
      reselections_(Families::counter(registry, "edgescope_deepscale_reselections_total",
                            "DeepScale resolution re-selections (Eq. 5)")),
      partitionFrames_(Families::counter(registry, "edgescope_partition_frames_total",
                               "Frames tracked under a partition, by the strategy that ran them")),
      fallbacks_(Families::counter(registry, "edgescope_partition_fallbacks_total",
                         "Frames whose requested partition strategy fell back to CO (by requested strategy)")),
      mota_(Families::gauge(registry, "edgescope_mota", "Live MOTA against the source's ground truth (ratio)")),
      idf1_(Families::gauge(registry, "edgescope_idf1", "Live IDF1 against the source's ground truth (ratio)")) {
  setSource(source.empty() ? std::string("camera") : source);
}

PipelineMetrics::~PipelineMetrics() = default;

void PipelineMetrics::setSource(const std::string& source) {
  if (source.empty() || (series_ && source == source_)) return;
  source_ = source;
  const prometheus::Labels labels{{"source", source}};
  series_.reset(new Series{CumulativeCounter(processed_.Add(labels)), CumulativeCounter(dropped_.Add(labels)),
                           CumulativeCounter(skipped_.Add(labels)), CumulativeCounter(reselections_.Add(labels)),
                           &width_.Add(labels), &height_.Add(labels), nullptr, nullptr, {}});
}

prometheus::Histogram& PipelineMetrics::stage(const std::string& name) {
  prometheus::Histogram*& histogram = series_->stages[name];
  if (!histogram) histogram = &latency_.Add({{"source", source_}, {"stage", name}}, latencyBuckets());
  return *histogram;
}

void PipelineMetrics::observeFrame(const LatencyBreakdown& latency, const DeepScaleFrame& deepscale,
                                   const PartitionFrame& partition, int frameWidthPx, int frameHeightPx) {
  for (const auto& entry : latency.stages()) stage(entry.first).Observe(entry.second / 1000.0);
  const double endToEndMs = partition.active && partition.endToEndMs > 0.0 ? partition.endToEndMs : latency.totalMs();
  stage("end_to_end").Observe(endToEndMs / 1000.0);
  series_->width->Set(deepscale.active ? deepscale.widthPx : frameWidthPx);
  series_->height->Set(deepscale.active ? deepscale.heightPx : frameHeightPx);
  if (!partition.active) return;
  if (!partition.strategy.empty()) partitionFrames_.Add({{"source", source_}, {"strategy", partition.strategy}}).Increment();
  if (!partition.fallbackReason.empty()) {
    fallbacks_.Add({{"source", source_}, {"strategy", partition.requested}}).Increment();
  }
}

void PipelineMetrics::observeSnapshot(const FrameSnapshot& snapshot) {
  observeFrame(snapshot.latency, snapshot.deepscale, snapshot.partition, snapshot.frame.image.cols,
               snapshot.frame.image.rows);
  updateCounts(snapshot.stats);
}

void PipelineMetrics::updateCounts(const PlaybackStats& stats) {
  const auto count = [](std::int64_t value) { return static_cast<std::uint64_t>(value < 0 ? 0 : value); };
  series_->processed.update(count(stats.framesProcessed));
  series_->dropped.update(count(stats.sourceDroppedFrames));
  series_->skipped.update(count(stats.displaySkippedFrames));
}

void PipelineMetrics::updateDeepScale(const DeepScaleStatus& status) {
  if (status.active) series_->reselections.update(static_cast<std::uint64_t>(std::max<std::int64_t>(0, status.selections)));
}

void PipelineMetrics::updateAccuracy(const MotMetrics& metrics) {
  if (!series_->mota) {  // created on first use: no MOTA/IDF1 series for sources without GT
    series_->mota = &mota_.Add({{"source", source_}});
    series_->idf1 = &idf1_.Add({{"source", source_}});
  }
  series_->mota->Set(metrics.mota);
  series_->idf1->Set(metrics.idf1);
}

void PipelineMetrics::observeStatus(const EngineStatus& status) {
  setSource(status.source.name);
  updateCounts(status.stats);
  updateDeepScale(status.deepscale);
  if (status.hasMetrics) updateAccuracy(status.metrics);
}

}  // namespace edgescope
