// PipelineMetrics: latency histograms per stage, counters advanced by the growth of the engine's cumulative counts
// (restarts included), input size, partition frames and fallbacks, accuracy gauges only with GT, source relabelling.
#include <QtTest>

#include <prometheus/registry.h>

#include "metrics/PipelineMetrics.h"
#include "MetricsTestUtil.h"

using namespace edgescope;
using namespace edgescope::testing;

namespace {

FrameSnapshot snapshot(std::int64_t processed, double detectMs) {
  FrameSnapshot s;
  s.frame.image = cv::Mat(240, 320, CV_8UC3, cv::Scalar::all(0));
  s.latency.add("decode", 2.0);
  s.latency.add("detect", detectMs);
  s.latency.add("track", 1.0);
  s.stats.framesProcessed = processed;
  s.stats.sourceDroppedFrames = processed / 2;
  s.stats.displaySkippedFrames = 1;
  return s;
}

}  // namespace

class TestPipelineMetrics : public QObject {
  Q_OBJECT

 private slots:
  void latencyHistogramsPerStage() {
    prometheus::Registry registry;
    PipelineMetrics metrics(registry, "vtest");
    metrics.observeSnapshot(snapshot(1, 40.0));
    metrics.observeSnapshot(snapshot(2, 80.0));
    const std::string text = exposition(registry);
    QCOMPARE(sample(text, R"(edgescope_stage_latency_seconds_count{source="vtest",stage="detect"})"), 2.0);
    QCOMPARE(sample(text, R"(edgescope_stage_latency_seconds_sum{source="vtest",stage="detect"})"), 0.12);
    // 40 ms falls in le=0.05, 80 ms only from le=0.1 on.
    QCOMPARE(sample(text, R"(edgescope_stage_latency_seconds_bucket{source="vtest",stage="detect",le="0.05"})"), 1.0);
    QCOMPARE(sample(text, R"(edgescope_stage_latency_seconds_bucket{source="vtest",stage="detect",le="0.1"})"), 2.0);
    // end_to_end without a partition: the sum of the stages (2 + 40 + 1 and 2 + 80 + 1 ms).
    QCOMPARE(sample(text, R"(edgescope_stage_latency_seconds_sum{source="vtest",stage="end_to_end"})"), 0.126);
    QVERIFY(std::isnan(sample(text, R"(edgescope_stage_latency_seconds_count{source="vtest",stage="embed"})")));
    QCOMPARE(sample(text, R"(edgescope_input_width_pixels{source="vtest"})"), 320.0);
    QCOMPARE(sample(text, R"(edgescope_input_height_pixels{source="vtest"})"), 240.0);
  }

  void countersFollowCumulativeCounts() {
    prometheus::Registry registry;
    PipelineMetrics metrics(registry, "cam");
    metrics.observeSnapshot(snapshot(10, 5.0));
    PlaybackStats stats;
    stats.framesProcessed = 25;  // snapshots 11..24 were never seen: still counted
    stats.sourceDroppedFrames = 7;
    stats.displaySkippedFrames = 14;
    metrics.updateCounts(stats);
    std::string text = exposition(registry);
    QCOMPARE(sample(text, R"(edgescope_frames_processed_total{source="cam"})"), 25.0);
    QCOMPARE(sample(text, R"(edgescope_frames_dropped_total{source="cam"})"), 7.0);
    QCOMPARE(sample(text, R"(edgescope_frames_skipped_total{source="cam"})"), 14.0);
    stats.framesProcessed = 4;  // the engine's count restarted (source re-opened): grows by 4, never goes down
    metrics.updateCounts(stats);
    text = exposition(registry);
    QCOMPARE(sample(text, R"(edgescope_frames_processed_total{source="cam"})"), 29.0);
  }

  void deepScaleSizeAndReselections() {
    prometheus::Registry registry;
    PipelineMetrics metrics(registry, "cam");
    FrameSnapshot s = snapshot(1, 5.0);
    s.deepscale.active = true;
    s.deepscale.widthPx = 544;
    s.deepscale.heightPx = 416;
    metrics.observeSnapshot(s);
    DeepScaleStatus status;
    status.active = true;
    status.selections = 3;
    metrics.updateDeepScale(status);
    status.selections = 5;
    metrics.updateDeepScale(status);
    const std::string text = exposition(registry);
    QCOMPARE(sample(text, R"(edgescope_input_width_pixels{source="cam"})"), 544.0);
    QCOMPARE(sample(text, R"(edgescope_input_height_pixels{source="cam"})"), 416.0);
    QCOMPARE(sample(text, R"(edgescope_deepscale_reselections_total{source="cam"})"), 5.0);
  }

  void partitionStagesAndFallbacks() {
    prometheus::Registry registry;
    PipelineMetrics metrics(registry, "cam");
    PartitionFrame partition;
    partition.active = true;
    partition.requested = "SO";
    partition.strategy = "SO";
    partition.endToEndMs = 90.0;
    LatencyBreakdown latency;
    latency.add("camera", 10.0);
    latency.add("transmit", 30.0);
    latency.add("server", 45.0);
    metrics.observeFrame(latency, {}, partition, 640, 480);
    partition.strategy = "CO";
    partition.fallbackReason = "node lost";
    metrics.observeFrame(latency, {}, partition, 640, 480);
    const std::string text = exposition(registry);
    QCOMPARE(sample(text, R"(edgescope_stage_latency_seconds_sum{source="cam",stage="transmit"})"), 0.06);
    QCOMPARE(sample(text, R"(edgescope_stage_latency_seconds_sum{source="cam",stage="end_to_end"})"), 0.18);
    QCOMPARE(sample(text, R"(edgescope_partition_frames_total{source="cam",strategy="SO"})"), 1.0);
    QCOMPARE(sample(text, R"(edgescope_partition_frames_total{source="cam",strategy="CO"})"), 1.0);
    QCOMPARE(sample(text, R"(edgescope_partition_fallbacks_total{source="cam",strategy="SO"})"), 1.0);
  }

  void accuracyOnlyWithGroundTruth() {
    prometheus::Registry registry;
    PipelineMetrics metrics(registry, "cam");
    EngineStatus status;
    status.source.name = "pets";
    status.stats.framesProcessed = 3;
    metrics.observeStatus(status);
    std::string text = exposition(registry);
    QVERIFY(std::isnan(sample(text, R"(edgescope_mota{source="pets"})")));
    status.hasMetrics = true;
    status.metrics.mota = 0.75;
    status.metrics.idf1 = 0.5;
    metrics.observeStatus(status);
    text = exposition(registry);
    QCOMPARE(sample(text, R"(edgescope_mota{source="pets"})"), 0.75);
    QCOMPARE(sample(text, R"(edgescope_idf1{source="pets"})"), 0.5);
    QCOMPARE(sample(text, R"(edgescope_frames_processed_total{source="pets"})"), 3.0);
  }

  void newSourceGetsItsOwnSeries() {
    prometheus::Registry registry;
    PipelineMetrics metrics(registry, "a");
    metrics.observeSnapshot(snapshot(5, 5.0));
    metrics.setSource("b");
    QCOMPARE(metrics.source(), std::string("b"));
    metrics.observeSnapshot(snapshot(2, 5.0));
    metrics.setSource("");  // ignored
    const std::string text = exposition(registry);
    QCOMPARE(sample(text, R"(edgescope_frames_processed_total{source="a"})"), 5.0);
    QCOMPARE(sample(text, R"(edgescope_frames_processed_total{source="b"})"), 2.0);
  }
};

QTEST_GUILESS_MAIN(TestPipelineMetrics)
#include "TestPipelineMetrics.moc"
