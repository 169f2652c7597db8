// DeepScale in the TrackingPipeline with the project's own `jde:` detector (a tiny untrained network): adaptive mode
// re-selects every K-th frame at the highest rung and submits the R detectability maps (Eq. 5), every frame runs at a
// rung of the source's ResolutionLadder, operator knobs apply from the next frame, the histogram sums to 1.
#include "NeuralTestUtil.h"

#include <QtTest>

#include <cmath>

#include "deepscale/DeepScaleGovernor.h"
#include "deepscale/ResolutionLadder.h"
#include "neural/NeuralDetectors.h"
#include "pipeline/TrackingPipeline.h"
#include "source/SourceFactory.h"
#include "util/Error.h"

using namespace edgescope;
using namespace edgescope::neuraltest;

namespace {

double sum(const std::vector<double>& values) {
  double total = 0;
  for (double v : values) total += v;
  return total;
}

}  // namespace

class TestJdePipeline : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() {
    torch::set_num_threads(1);
    NeuralDetectors::registerAll();
    QVERIFY(dir_.isValid());
    spec_ = "jde:" + saveTinyModel(dir_.path(), "tiny_pipeline") + "?device=cpu&threads=1";
    frames_ = syntheticFrames(10);
    QCOMPARE(static_cast<int>(frames_.size()), 10);
  }

  void adaptiveReselectsEveryKFrames() {
    TrackingPipeline pipeline(adaptiveConfig(3));
    QVERIFY(pipeline.hasDeepScale());
    QVERIFY(pipeline.deepScaleGovernor() != nullptr);
    const ResolutionLadder ladder = ResolutionLadder::fromSource(frames_[0].image.size());

    std::vector<std::int64_t> reselected;
    for (int i = 0; i < 8; ++i) {
      const TrackingPipeline::Result r = pipeline.process(frames_[static_cast<std::size_t>(i)]);
      QVERIFY(r.deepscale.active);
      const cv::Size size(r.deepscale.widthPx, r.deepscale.heightPx);
      QVERIFY2(ladder.indexOf(size) >= 0, ResolutionLadder::label(size).c_str());
      QCOMPARE(ladder.indexOf(size), r.deepscale.rungIndex);
      if (r.deepscale.reselected) {
        reselected.push_back(frames_[static_cast<std::size_t>(i)].number);
        QCOMPARE(r.deepscale.rungIndex, 0);
        QCOMPARE(size, ladder.highest());
      }
      for (const Detection& d : r.detections) QCOMPARE(static_cast<int>(d.embedding.size()), tinyConfig().embeddingDim);
      QVERIFY(r.latency.stageMs("detect") >= 0);
    }
    QCOMPARE(reselected, (std::vector<std::int64_t>{1, 4, 7}));

    DeepScaleStatus status = pipeline.deepScaleStatus();
    QVERIFY(status.active);
    QVERIFY(status.adaptive);
    QCOMPARE(status.selections, std::int64_t{3});  // the R = 5 maps reached Eq. 5 each time
    QCOMPARE(static_cast<int>(status.lastScores.size()), ResolutionLadder::kRungCount);
    QCOMPARE(static_cast<int>(status.rungLabels.size()), ResolutionLadder::kRungCount);
    QCOMPARE(status.rungLabels[0], ResolutionLadder::label(ladder.highest()));
    QCOMPARE(status.histogramFrames, std::int64_t{8});
    QVERIFY(std::fabs(sum(status.histogram) - 1.0) < 1e-9);

    // Fixed mode at the smallest rung from the next frame on.
    QCOMPARE(pipeline.setDeepScaleParameter("deepscale.mode", 0), 0.0);
    QCOMPARE(pipeline.setDeepScaleParameter("deepscale.fixedIndex", 4), 4.0);
    const TrackingPipeline::Result fixed = pipeline.process(frames_[8]);
    QCOMPARE(fixed.deepscale.rungIndex, 4);
    QCOMPARE(cv::Size(fixed.deepscale.widthPx, fixed.deepscale.heightPx), ladder.smallest());
    QVERIFY(!fixed.deepscale.reselected);
    status = pipeline.deepScaleStatus();
    QVERIFY(!status.adaptive);
    QCOMPARE(status.chosenRung, 4);
    QCOMPARE(status.histogramFrames, std::int64_t{9});
    QVERIFY(std::fabs(sum(status.histogram) - 1.0) < 1e-9);
    QVERIFY(status.histogram[4] > 0);
    QVERIFY_THROWS_EXCEPTION(Error, pipeline.setDeepScaleParameter("deepscale.nope", 1));
  }

  void appearanceFollowsTheDetectorUnlessChosen() {
    PipelineConfig config;
    config.detectorSpec = spec_;
    config.tracker.mode = TrackerMode::Byte;
    QCOMPARE(TrackingPipeline(config).config().tracker.mode, TrackerMode::Jde);  // jde: brings its own embeddings
    config.trackerOverrides.insert("track.appearance");  // --tracker appearance=0
    TrackingPipeline byte(config);
    QCOMPARE(byte.config().tracker.mode, TrackerMode::Byte);
    for (const Detection& d : byte.process(frames_[0]).detections)  // still computed, just not used for association
      QCOMPARE(static_cast<int>(d.embedding.size()), tinyConfig().embeddingDim);
  }

  void warmUpLeavesTrackingUntouched() {
    TrackingPipeline pipeline(adaptiveConfig(3));
    QCOMPARE(pipeline.warmUp(frames_[0].image.size()), ResolutionLadder::kRungCount);
    QCOMPARE(pipeline.warmUp(frames_[0].image.size()), 0);  // already warm: a source reopened costs nothing
    QCOMPARE(pipeline.warmUp(cv::Size(40, 30)), 0);  // too small for a ladder
    DeepScaleStatus status = pipeline.deepScaleStatus();
    QCOMPARE(status.selections, std::int64_t{0});
    QCOMPARE(status.histogramFrames, std::int64_t{0});
    const TrackingPipeline::Result first = pipeline.process(frames_[0]);
    QVERIFY(first.deepscale.reselected);  // the governor still starts with a selection at frame 1
    QCOMPARE(pipeline.deepScaleStatus().selections, std::int64_t{1});
    QVERIFY(!pipeline.process(frames_[1]).deepscale.reselected);

    PipelineConfig plain;
    plain.detectorSpec = "hog";
    QCOMPARE(TrackingPipeline(plain).warmUp(frames_[0].image.size()), 0);
  }

  void fixedModeByDefault() {
    PipelineConfig config;
    config.detectorSpec = spec_;
    TrackingPipeline pipeline(config);
    const ResolutionLadder ladder = ResolutionLadder::fromSource(frames_[0].image.size());
    for (int i = 0; i < 3; ++i) {
      const TrackingPipeline::Result r = pipeline.process(frames_[static_cast<std::size_t>(i)]);
      QVERIFY(r.deepscale.active);
      QVERIFY(!r.deepscale.reselected);
      QCOMPARE(cv::Size(r.deepscale.widthPx, r.deepscale.heightPx), ladder.highest());
    }
    const DeepScaleStatus status = pipeline.deepScaleStatus();
    QCOMPARE(status.selections, std::int64_t{0});
    QCOMPARE(status.histogram[0], 1.0);
  }

  void frameTooSmallForALadder() {
    PipelineConfig config;
    config.detectorSpec = spec_;
    config.deepscale.mode = DeepScaleMode::Adaptive;
    TrackingPipeline pipeline(config);
    Frame tiny;
    tiny.image = cv::Mat(40, 50, CV_8UC3, cv::Scalar(90, 90, 90));
    tiny.number = 1;
    QVERIFY(!ResolutionLadder::supports(tiny.image.size()));
    const TrackingPipeline::Result r = pipeline.process(tiny);  // runs at the frame's own size, rounded
    QVERIFY(!r.deepscale.active);
  }

 private:
  PipelineConfig adaptiveConfig(int intervalFrames) const {
    PipelineConfig config;
    config.detectorSpec = spec_;
    config.deepscale.mode = DeepScaleMode::Adaptive;
    config.deepscale.intervalFrames = intervalFrames;
    return config;
  }

  QTemporaryDir dir_;
  std::string spec_;
  std::vector<Frame> frames_;
};

QTEST_APPLESS_MAIN(TestJdePipeline)
#include "TestJdePipeline.moc"
