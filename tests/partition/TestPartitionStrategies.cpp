// The four partition strategies of paper 000 (Section IV) against a real edgescope-node on loopback behind the
// emulated testbed link: what is sent, at which size, where the work runs, and what each frame reports.
#include <QtTest>

#include <thread>

#include "partition/PartitionRunner.h"
#include "source/SourceFactory.h"
#ifdef EDGESCOPE_HAVE_TORCH
#include "neural/NeuralDetectors.h"
#endif

using namespace edgescope;

namespace {

const char* const kSource = "synthetic:?seed=7&people=4&frames=12&width=384&height=288";

std::vector<Frame> loadFrames() {
  auto source = SourceFactory::open(kSource);
  std::vector<Frame> frames;
  SourceFrame frame;
  while (source->read(frame, 0) == ReadStatus::Frame) {
    frames.push_back(frame.frame);
    frames.back().image = frame.frame.image.clone();
  }
  return frames;
}

}  // namespace

class TestPartitionStrategies : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
#ifndef EDGESCOPE_HAVE_TORCH
    QSKIP("SOAT and SAT need a DeepScale detector (jde:): this build has no LibTorch");
#else
    NeuralDetectors::registerAll();
    detector_ = std::string("jde:") + EDGESCOPE_MODELS_DIR + "/jde_pets09.json?threads=1";
    qputenv("EDGESCOPE_KEYS_DIR", keys_.path().toUtf8());
    ClusterOptions options;
    options.nodeExecutable = EDGESCOPE_NODE_EXE;
    cluster_ = std::make_shared<Cluster>(options);
    cluster_->startLocal(1, "", detector_);
    QTRY_VERIFY_WITH_TIMEOUT(cluster_->pickServer().has_value(), 60000);
    frames_ = loadFrames();
    QCOMPARE(int(frames_.size()), 12);
#endif
  }

  void serverOnlySendsEveryFrameFull() {
    auto [partitions, result] = run(PartitionStrategy::SO);
    for (const PartitionFrame& frame : partitions) {
      QCOMPARE(frame.strategy, std::string("SO"));
      QVERIFY(frame.fallbackReason.empty());
      QCOMPARE(frame.sentWidth, 384);
      QVERIFY(frame.fullFrame);
      QVERIFY(frame.uplinkKb > 1.0);
      QVERIFY(frame.serverMs > 0.0);
      // At least the serialisation at 21.1 Mbps plus the RTT of 1.4 ms.
      QVERIFY2(frame.transmissionMs >= frame.uplinkKb * 8.0 / 21100.0 * 1000.0 + 1.4 - 0.2,
               qPrintable(QString("%1 ms for %2 KB").arg(frame.transmissionMs).arg(frame.uplinkKb)));
    }
  }

  void soatSendsInBetweenFramesDownscaled() {
    auto [partitions, result] = run(PartitionStrategy::SOAT);
    for (std::size_t i = 0; i < partitions.size(); ++i) {
      const PartitionFrame& frame = partitions[i];
      QCOMPARE(frame.strategy, std::string("SOAT"));
      const bool due = i % 5 == 0;  // K = 5 from frame 1
      QCOMPARE(frame.fullFrame, due);
      if (due) {
        QCOMPARE(frame.sentWidth, 384);
      } else {
        // γ = 0 everywhere: the server picks the smallest rung, and the camera sends at that size.
        QVERIFY2(frame.sentWidth < 384, qPrintable(QString::number(frame.sentWidth)));
        QVERIFY(frame.uplinkKb < partitions[0].uplinkKb);
      }
      QVERIFY(frame.serverMs > 0.0);
    }
  }

  void satRunsInBetweenFramesOnTheCamera() {
    auto [partitions, result] = run(PartitionStrategy::SAT);
    for (std::size_t i = 0; i < partitions.size(); ++i) {
      const PartitionFrame& frame = partitions[i];
      QCOMPARE(frame.strategy, std::string("SAT"));
      if (i % 5 == 0) {
        QVERIFY(frame.uplinkKb > 1.0);
        QVERIFY(frame.downlinkKb > 0.0);
        QVERIFY(frame.serverMs > 0.0);
      } else {
        QCOMPARE(frame.uplinkKb, 0.0);
        QCOMPARE(frame.serverMs, 0.0);
        QVERIFY(frame.cameraMs > 0.0);
      }
    }
    QVERIFY(result.deepscale.widthPx < 384);  // the last frame ran on the camera at the chosen (smallest) size
  }

  void cameraOnlySendsNothing() {
    auto [partitions, result] = run(PartitionStrategy::CO);
    for (const PartitionFrame& frame : partitions) {
      QCOMPARE(frame.strategy, std::string("CO"));
      QCOMPARE(frame.uplinkKb, 0.0);
      QVERIFY(frame.node.empty());
    }
  }

  void nodeViewShowsTheEmulatedLink() {
    const auto views = cluster_->views();
    QCOMPARE(int(views.size()), 1);
    QCOMPARE(views[0].state, std::string("online"));
    QVERIFY(views[0].local);
    QVERIFY(views[0].pid > 0);
    QVERIFY2(views[0].rttMs >= 1.4, qPrintable(QString::number(views[0].rttMs)));  // through the emulated link
    QVERIFY(QString::fromStdString(views[0].model).startsWith("jde"));
  }

 private:
  std::pair<std::vector<PartitionFrame>, TrackingPipeline::Result> run(PartitionStrategy strategy) {
    PipelineConfig config;
    config.detectorSpec = detector_;
    config.deepscale.mode = DeepScaleMode::Adaptive;
    config.deepscale.intervalFrames = 5;
    config.deepscale.gammas = {0.0, 0.0, 0.0, 0.0};
    config.deepscale.preset = DeepScalePreset::Custom;
    TrackingPipeline local(config);
    PartitionRunner runner(cluster_, "test-" + std::to_string(int(strategy)));
    PartitionConfig partition;
    partition.strategy = strategy;
    partition.k = 5;
    runner.setConfig(partition);
    std::vector<PartitionFrame> partitions;
    TrackingPipeline::Result result;
    for (const Frame& frame : frames_) {
      PartitionFrame current;
      result = runner.process(frame, local, current);
      partitions.push_back(current);
    }
    return {partitions, result};
  }

  QTemporaryDir keys_;
  std::string detector_;
  std::shared_ptr<Cluster> cluster_;
  std::vector<Frame> frames_;
};

QTEST_GUILESS_MAIN(TestPartitionStrategies)
#include "TestPartitionStrategies.moc"
