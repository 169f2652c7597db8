// Turbo in the TrackingPipeline with a tiny jde: network and a tiny enhancer saved next to it (turbo_<model>.json):
// "auto" finds it; off by default (no Turbo stages); on with a generous bound every hard frame takes the deepest exit
// and the latency breakdown gains "discriminate" and "enhance"; --compare keeps the plain detections; a non-finite
// enhancer falls back to the plain detections; a corrupt enhancer is an Error naming the file and the pipeline keeps
// tracking; a detector without enhancer support is an Error.
#include "NeuralTestUtil.h"
#include "neural/TurboModelFile.h"

#include <QtTest>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <cmath>

#include "core/Stopwatch.h"
#include "neural/NeuralDetectors.h"
#include "pipeline/TrackingPipeline.h"
#include "source/SourceFactory.h"
#include "util/Error.h"

using namespace edgescope;
using namespace edgescope::neuraltest;

namespace {

/// P[b][e] = e · (b + 1): deeper is always better.
GainProfile growingGains() {
  std::vector<std::vector<double>> t(GainProfile::kBucketCount, std::vector<double>(6));
  for (int b = 0; b < GainProfile::kBucketCount; ++b)
    for (int e = 0; e <= 5; ++e) t[b][e] = e * (b + 1);
  return GainProfile(t);
}

bool hasStage(const LatencyBreakdown& latency, const std::string& stage) {
  for (const auto& s : latency.stages())
    if (s.first == stage) return true;
  return false;
}

}  // namespace

class TestTurboPipeline : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;
  std::string card_, spec_, turboPath_;
  std::vector<Frame> frames_;

  void saveEnhancer(bool poison) {
    const JdeModel detector = JdeModelFile::load(card_);
    TurboNetConfig config;
    config.decoderChannels = {4, 4, 4, 4, 4};
    config.discriminatorChannels = 4;
    config.discriminatorHidden = 8;
    torch::manual_seed(9);
    TurboNet turbo(detector.net->levelChannels(), config);
    {
      torch::NoGradGuard noGrad;
      for (auto& p : turbo->named_parameters())
        if (p.key().rfind("out", 0) == 0) p.value().normal_(0.0, poison ? 0.0 : 0.3);
      if (poison) turbo->named_parameters()["out5.bias"].fill_(std::nan(""));
    }
    TurboCard card;
    card.name = "turbo_tiny";
    card.bindDetector(card_);
    card.hardThreshold = 0.0;  // every frame is hard
    card.gainProfile = growingGains();
    TurboModelFile::save(turbo, card, turboPath_);
  }

  TrackingPipeline makePipeline() {
    PipelineConfig config;
    config.detectorSpec = spec_;
    config.turboSpec = "auto";
    return TrackingPipeline(config);
  }

  /// Runs the frames with Turbo on (bound 10 s); returns the results.
  std::vector<TrackingPipeline::Result> run(TrackingPipeline& pipeline, bool compare) {
    TurboController* turbo = pipeline.turbo();
    turbo->config().enabled = true;
    turbo->config().compare = compare;
    turbo->setUseIdleShare(false);
    std::vector<TrackingPipeline::Result> results;
    for (const Frame& frame : frames_) {
      turbo->beginFrame(Stopwatch::nowMs(), NAN, 10000, 1, false);
      results.push_back(pipeline.process(frame));
    }
    return results;
  }

 private Q_SLOTS:
  void initTestCase() {
    torch::set_num_threads(1);
    NeuralDetectors::registerAll();
    QVERIFY(dir_.isValid());
    card_ = saveTinyModel(dir_.path(), "tiny_turbo");
    spec_ = "jde:" + card_ + "?device=cpu&threads=1";
    turboPath_ = (dir_.path() + "/turbo_tiny_turbo.pt").toStdString();
    frames_ = syntheticFrames(4);
    saveEnhancer(false);
  }

  void offByDefault() {
    TrackingPipeline pipeline = makePipeline();
    QVERIFY(pipeline.turbo() != nullptr);
    const TrackingPipeline::Result result = pipeline.process(frames_[0]);
    QVERIFY(!result.turbo.active);
    QVERIFY(!hasStage(result.latency, "enhance"));
    QVERIFY(!pipeline.enhancedImage(frames_[0].image).empty());
    QCOMPARE(pipeline.enhancedImage(frames_[0].image).type(), CV_8UC3);
  }

  void hardFramesTakeTheDeepestExit() {
    TrackingPipeline pipeline = makePipeline();
    pipeline.warmUp(frames_[0].image.size());
    for (const TrackingPipeline::Result& result : run(pipeline, true)) {
      QVERIFY(result.turbo.active);
      QCOMPARE(result.turbo.exit, 5);
      QVERIFY(result.turbo.difficulty >= 0.0 && result.turbo.difficulty <= 1.0);
      QVERIFY(result.turbo.spentMs > 0.0);
      QVERIFY(!result.turbo.fellBack);
      QVERIFY(hasStage(result.latency, "discriminate"));
      QVERIFY(hasStage(result.latency, "enhance"));
      for (const Detection& d : result.detections) QVERIFY(std::isfinite(d.box.x) && d.score >= 0.0f && d.score <= 1.0f);
    }
  }

  void nonFiniteEnhancerFallsBack() {
    saveEnhancer(true);
    TrackingPipeline pipeline = makePipeline();
    TrackingPipeline plain = [&] {
      PipelineConfig config;
      config.detectorSpec = spec_;
      return TrackingPipeline(config);
    }();
    const std::vector<TrackingPipeline::Result> results = run(pipeline, false);
    for (std::size_t i = 0; i < results.size(); ++i) {
      QVERIFY(results[i].turbo.fellBack);
      QCOMPARE(results[i].turbo.exit, 0);
      QCOMPARE(results[i].detections.size(), plain.process(frames_[i]).detections.size());
    }
    saveEnhancer(false);
  }

  void corruptEnhancerIsAnErrorAndTrackingGoesOn() {
    TrackingPipeline pipeline = [&] {
      PipelineConfig config;
      config.detectorSpec = spec_;
      return TrackingPipeline(config);
    }();
    // A copy of the enhancer in its own folder, the weights cut in half.
    QVERIFY(QDir(dir_.path()).mkpath("broken"));
    const QString broken = dir_.path() + "/broken/turbo_tiny_turbo.pt";
    QVERIFY(QFile::copy(QString::fromStdString(turboPath_), broken));
    QVERIFY(QFile::copy(QString::fromStdString(TurboCard::cardPathFor(turboPath_)),
                        dir_.path() + "/broken/turbo_tiny_turbo.json"));
    QFile f(broken);
    QVERIFY(f.open(QIODevice::ReadWrite));
    QVERIFY(f.resize(f.size() / 2));
    f.close();
    try {
      pipeline.setTurbo(broken.toStdString());
      QFAIL("a truncated enhancer loaded");
    } catch (const Error& e) {
      QVERIFY2(mentions(e.what(), "broken/turbo_tiny_turbo"), e.what());
    }
    QVERIFY(pipeline.turbo() == nullptr);
    QVERIFY(!pipeline.process(frames_[0]).turbo.active);
  }

  void detectorsWithoutEnhancerSupportRefuse() {
    PipelineConfig config;
    config.detectorSpec = "hog";
    config.turboSpec = "auto";
    QVERIFY_THROWS_EXCEPTION(Error, TrackingPipeline{config});
  }
};

QTEST_GUILESS_MAIN(TestTurboPipeline)
#include "TestTurboPipeline.moc"
