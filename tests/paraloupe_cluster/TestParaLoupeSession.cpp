// "Kill while playing" under PL through a whole EngineSession (issue 20): two local nodes from a Start-local list
// serve patches while the session plays and records; node1 is killed; every later frame still runs PL on time, the
// loss is an event in events.log, and the recording has every processed frame with its pl_* columns and patches.
#include <QTemporaryDir>
#include <QtTest>

#include "PatchClusterFixture.h"
#include "paraloupe/cluster/ParaLoupeSupport.h"
#include "record/SessionReader.h"
#include "session/EngineSession.h"

using namespace edgescope;

namespace {

const char* const kSource = "synthetic:?seed=9&people=4&frames=100000&width=640&height=480";

int onlineNodes(const EngineSession& session) {
  int online = 0;
  for (const ClusterNodeView& node : session.status()->nodes) online += node.state == "online" ? 1 : 0;
  return online;
}

/// Waits up to @p timeoutMs for a newer frame; its partition record (active = false when none came).
PartitionFrame nextFrame(EngineSession& session, std::uint64_t& sequence, int timeoutMs = 5000) {
  QDeadlineTimer deadline(timeoutMs);
  while (!deadline.hasExpired()) {
    if (auto frame = session.takeFrameIfNewer(sequence)) return frame->partition;
    QTest::qWait(5);
  }
  return {};
}

bool servedBy(const PartitionFrame& partition, const std::string& node) {
  for (const PatchRecord& record : partition.paraloupe.records) {
    if (record.served && record.node == node) return true;
  }
  return false;
}

}  // namespace

class TestParaLoupeSession : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QVERIFY(keys_.isValid());
    const std::shared_ptr<Cluster> fixture = testing::setUpPatchCluster(keys_);  // detectors, patch net, keys
    ClusterOptions options;
    options.nodeExecutable = EDGESCOPE_NODE_EXE;
    ParaLoupeSupport::install(options)->setPatchModel(fixture->patchModel());
  }

  void killWhilePlayingKeepsPatchingAndRecording() {
    QTemporaryDir dir;
    const std::string folder = dir.filePath("run").toStdString();
    EngineSession session;
    session.post(EngineCommand::setParameter("playback.paced", 1));
    session.post(EngineCommand::configurePipeline("hog"));
    session.post(EngineCommand::openSource(kSource));
    session.post(EngineCommand::setParameter("partition.strategy", 4));  // PL
    session.post(EngineCommand::setParameter("paraloupe.sloMs", 400));     // a loaded CI machine: not measured here
    session.post(EngineCommand::setParameter("paraloupe.useLocal", 0));    // patches must go to the nodes
    session.post(EngineCommand::startLocalNodeList("native;native"));
    QTRY_COMPARE_WITH_TIMEOUT(onlineNodes(session), 2, 90000);
    session.post(EngineCommand::startRecording(folder));
    session.post(EngineCommand::play());
    std::uint64_t sequence = 0;
    bool node1 = false;
    for (int i = 0; i < 300 && !node1; ++i) node1 = servedBy(nextFrame(session, sequence), "node1");
    QVERIFY2(node1, "node1 never served a patch");

    session.post(EngineCommand::killNode("node1"));
    QTRY_COMPARE_WITH_TIMEOUT(onlineNodes(session), 1, 5000);
    bool node2 = false;
    for (int i = 0; i < 40; ++i) {
      const PartitionFrame partition = nextFrame(session, sequence);
      QVERIFY2(partition.active, "no frame for 5 s after the kill");
      QCOMPARE(QString::fromStdString(partition.strategy), QString("PL"));
      QVERIFY(partition.endToEndMs <= 400 + 20 + 300);  // SLO + grace + slack: nothing waits for the dead node
      node2 = node2 || servedBy(partition, "node2");
    }
    QVERIFY(node2);
    QCOMPARE(int(session.status()->state), int(PlayState::Playing));

    const std::int64_t recorded = session.status()->recordedFrames;
    session.post(EngineCommand::stopRecording());
    QTRY_VERIFY_WITH_TIMEOUT(!session.status()->recording, 5000);
    const SessionData data = SessionReader::read(folder);
    QVERIFY(data.warnings.empty());
    QVERIFY(recorded > 40);
    QVERIFY(std::int64_t(data.frames.size()) >= recorded);
    bool plColumns = false;
    for (const auto& [name, value] : data.frames.back().moduleFields) plColumns = plColumns || name == "pl_patches";
    QVERIFY(plColumns);
    QVERIFY(!data.patches.empty());
    bool lossEvent = false;
    for (const RecordedEvent& event : data.events) {
      lossEvent = lossEvent || (event.message.find("node1") != std::string::npos &&
                                event.message.find("lost") != std::string::npos);
    }
    QVERIFY2(lossEvent, "no event says node1 was lost");
  }

 private:
  QTemporaryDir keys_;
};

QTEST_GUILESS_MAIN(TestParaLoupeSession)
#include "TestParaLoupeSession.moc"
