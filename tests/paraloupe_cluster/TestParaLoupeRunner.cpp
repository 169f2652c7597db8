// ParaLoupe's camera side (issue 20) against three real edgescope-node processes serving the shipped patch model on
// loopback behind the emulated testbed link: patches go to every node (the camera left out), results are merged and tracked, and the
// tracking on a synthetic street scene with ground truth stays good (MOTA ≥ 0.7).
#include <QtTest>

#include <map>

#include "PatchClusterFixture.h"
#include "eval/MetricsAccumulator.h"
#include "paraloupe/cluster/ParaLoupeRunner.h"
#include "paraloupe/cluster/StrategyRouter.h"
#include "source/SourceFactory.h"
#include "util/Error.h"

using namespace edgescope;
using namespace edgescope::testing;

namespace {

const char* const kSource = "synthetic:?seed=11&people=6&frames=40&width=768&height=576";

struct GtFrame {
  Frame frame;
  std::vector<MotRow> groundTruth;
};

std::vector<GtFrame> loadFrames() {
  auto source = SourceFactory::open(kSource);
  std::vector<GtFrame> frames;
  SourceFrame frame;
  while (source->read(frame, 0) == ReadStatus::Frame) {
    frames.push_back({frame.frame, frame.groundTruth});
    frames.back().frame.image = frame.frame.image.clone();
  }
  return frames;
}

}  // namespace

class TestParaLoupeRunner : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    cluster_ = setUpPatchCluster(keys_);
    cluster_->startLocal(3, "", "hog");
    QTRY_COMPARE_WITH_TIMEOUT(int(cluster_->onlineServers().size()), 3, 90000);
    frames_ = loadFrames();
    QCOMPARE(int(frames_.size()), 40);
  }

  void everyNodeServesPatchesAndTracksWell() {
    ParaLoupeRunner runner(cluster_, "test");
    ParaLoupeConfig config;
    config.sloMs = 400.0;  // loopback on a loaded 2-core CI machine: the SLO is not what this test measures
    config.useLocal = false;
    runner.setConfig(config);
    double mota = 0.0;
    std::map<std::string, int> served;
    run(runner, mota, served);
    if (QTest::currentTestFailed()) return;
    for (const std::string name : {"node1", "node2", "node3"}) {
      QVERIFY2(served.count(name) && served.at(name) > 0, ("no patch served by " + name).c_str());
    }
    QVERIFY2(mota >= 0.7, qPrintable(QString("MOTA %1").arg(mota)));
  }

  void markovWithTheCameraTracksWell() {
    ParaLoupeRunner runner(cluster_, "test-markov");
    ParaLoupeConfig config;
    config.sloMs = 400.0;
    runner.setConfig(config);
    double mota = 0.0;
    std::map<std::string, int> served;
    run(runner, mota, served);
    if (QTest::currentTestFailed()) return;
    QVERIFY(!served.empty());
    QVERIFY2(mota >= 0.7, qPrintable(QString("MOTA %1").arg(mota)));

    // The console's What if lost re-solves the last frame without the node, by name or address, touching nothing.
    const std::string answer = runner.command(EngineCommand::whatIfLost("node1"));
    qInfo("%s", answer.c_str());
    QVERIFY2(answer.rfind("What if node1 were lost: predicted ", 0) == 0, answer.c_str());
    QVERIFY2(answer.find(" ms (budget ") != std::string::npos && answer.find(" patches shed") != std::string::npos,
             answer.c_str());
    std::string address;
    for (const ClusterNodeView& view : cluster_->views()) address = view.name == "node1" ? view.address : address;
    QVERIFY(runner.command(EngineCommand::whatIfLost(address)).rfind("What if node1 were lost: predicted ", 0) == 0);
    QCOMPARE(int(cluster_->onlineServers().size()), 3);
    const std::string unknown = runner.command(EngineCommand::whatIfLost("node9"));
    QVERIFY2(unknown.find("not among the devices") != std::string::npos, unknown.c_str());
  }

  void costAndWhatIfGoThroughTheRouter() {
    StrategyRouter router(std::make_unique<PartitionRunner>(cluster_, "c"),
                          std::make_unique<ParaLoupeRunner>(cluster_, "c"));
    QCOMPARE(router.command(EngineCommand::setNodeCost("node2", 1.7)), std::string("node node2: cost set to 1.00"));
    QCOMPARE(cluster_->cost("node2"), 1.0);
    router.command(EngineCommand::setNodeCost("node2", 0.0));
    QCOMPARE(cluster_->cost("node2"), 0.0);
    QVERIFY_THROWS_EXCEPTION(Error, router.command(EngineCommand::setNodeCost("node9", 0.5)));
    const std::string answer = router.command(EngineCommand::whatIfLost("node2"));
    QVERIFY2(answer.find("no frame has been scheduled") != std::string::npos, answer.c_str());
    QVERIFY_THROWS_EXCEPTION(Error, router.paraloupe().command(EngineCommand::stopNode("node2")));
  }

  void choosingPlWithoutAPatchModelKeepsTheStrategy() {
    StrategyRouter router(std::make_unique<PartitionRunner>(cluster_, "r"),
                          std::make_unique<ParaLoupeRunner>(cluster_, "r", "/nonexistent/patch.json"));
    router.apply("partition.strategy", 2.0);
    QVERIFY_THROWS_EXCEPTION(Error, router.apply("partition.strategy", 4.0));
    QCOMPARE(router.partition().config().strategy, PartitionStrategy::SOAT);
    const std::string jdeCard = std::string(EDGESCOPE_MODELS_DIR) + "/jde_yolox_s8.json";
    StrategyRouter wrongKind(std::make_unique<PartitionRunner>(cluster_, "w"),
                             std::make_unique<ParaLoupeRunner>(cluster_, "w", jdeCard));
    try {
      wrongKind.apply("partition.strategy", 4.0);
      QFAIL("a JDE card was accepted as patch model");
    } catch (const Error& error) {
      QVERIFY2(std::string(error.what()).find("jde_yolox_s8.json") != std::string::npos, error.what());
    }
    QCOMPARE(wrongKind.partition().config().strategy, PartitionStrategy::CO);
  }

  void cleanupTestCase() { cluster_.reset(); }

 private:
  void run(ParaLoupeRunner& runner, double& mota, std::map<std::string, int>& served) {
    PipelineConfig pipeline;
    pipeline.detectorSpec = std::string("jde:") + EDGESCOPE_MODELS_DIR + "/jde_yolox_s8.json?threads=1";
    TrackingPipeline local(pipeline);
    MetricsAccumulator metrics;
    metrics.beginSequence("synthetic");
    int keyframes = 0;
    int fallbacks = 0;
    bool sawPatches = false;
    for (const GtFrame& frame : frames_) {
      PartitionFrame partition;
      const TrackingPipeline::Result result = runner.process(frame.frame, local, partition);
      metrics.addFrame(frame.frame.number, frame.groundTruth,
                       TrackingPipeline::toMotRows(result.tracks, frame.frame.number));
      if (partition.strategy != "PL") {  // without the camera: CO until the first bandwidth probe is back
        QVERIFY2(!sawPatches, ("fell back to CO after patches ran: " + partition.fallbackReason).c_str());
        QVERIFY(!partition.fallbackReason.empty());
        ++fallbacks;
        continue;
      }
      sawPatches = sawPatches || !partition.paraloupe.keyframe;
      keyframes += partition.paraloupe.keyframe ? 1 : 0;
      for (const PatchRecord& record : partition.paraloupe.records) {
        if (record.served) ++served[record.node];
      }
    }
    QVERIFY2(fallbacks <= 5, qPrintable(QString("%1 frames fell back to CO").arg(fallbacks)));
    QCOMPARE(keyframes, fallbacks > 0 ? 2 : 1);  // cold start (again after a fallback) only: keyframeInterval 0
    mota = metrics.compute().mota;
    QString shares;
    for (const auto& [node, count] : served) shares += QString(" %1=%2").arg(node.c_str()).arg(count);
    qInfo("MOTA %.3f, patches served:%s", mota, qPrintable(shares));
  }

  QTemporaryDir keys_;
  std::shared_ptr<Cluster> cluster_;
  std::vector<GtFrame> frames_;
};

QTEST_GUILESS_MAIN(TestParaLoupeRunner)
#include "TestParaLoupeRunner.moc"
