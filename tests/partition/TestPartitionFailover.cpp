// The failure rehearsal through a whole EngineSession: the server node is killed mid-run while the camera
// tracks under SO and records; within 2 s the node shows lost, the camera falls back to CO and keeps tracking; when
// the node is started again, SO resumes; the recording has every processed frame.
#include <QTemporaryDir>
#include <QtTest>

#include "partition/PartitionSupport.h"
#include "record/SessionReader.h"
#include "session/EngineSession.h"

using namespace edgescope;

namespace {

const char* const kSource = "synthetic:?seed=5&people=3&frames=100000&width=320&height=240";

std::string nodeState(const EngineSession& session) {
  const auto status = session.status();
  return status->nodes.empty() ? std::string("none") : status->nodes.front().state;
}

/// Newest frame's strategy, waiting for a new frame up to @p timeoutMs ("" when none came).
std::string nextStrategy(EngineSession& session, std::uint64_t& sequence, PartitionFrame* partition = nullptr,
                         int timeoutMs = 5000) {
  QDeadlineTimer deadline(timeoutMs);
  while (!deadline.hasExpired()) {
    if (auto frame = session.takeFrameIfNewer(sequence)) {
      if (partition) *partition = frame->partition;
      return frame->partition.strategy;
    }
    QTest::qWait(5);
  }
  return {};
}

}  // namespace

class TestPartitionFailover : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    qputenv("EDGESCOPE_NODE", EDGESCOPE_NODE_EXE);
    QVERIFY(keys_.isValid());
    qputenv("EDGESCOPE_KEYS_DIR", keys_.path().toUtf8());
    PartitionSupport::install();
  }

  void killedServerFallsBackAndResumes() {
    QTemporaryDir dir;
    const std::string folder = dir.filePath("run").toStdString();
    EngineSession session;
    session.post(EngineCommand::setParameter("playback.paced", 1));
    session.post(EngineCommand::configurePipeline("hog"));
    session.post(EngineCommand::openSource(kSource));
    session.post(EngineCommand::setParameter("partition.strategy", 1));  // SO
    session.post(EngineCommand::startLocalNodes(1));
    QTRY_COMPARE_WITH_TIMEOUT(nodeState(session), std::string("online"), 30000);
    session.post(EngineCommand::startRecording(folder));
    session.post(EngineCommand::play());
    std::uint64_t sequence = 0;
    QTRY_COMPARE_WITH_TIMEOUT(nextStrategy(session, sequence), std::string("SO"), 20000);
    PartitionFrame partition;
    QCOMPARE(nextStrategy(session, sequence, &partition), std::string("SO"));
    QVERIFY(partition.uplinkKb > 1.0);   // a JPEG went up
    QVERIFY(partition.serverMs > 0.0);
    QCOMPARE(partition.node, std::string("node1"));
    QVERIFY(session.status()->nodes.front().inUse);

    session.post(EngineCommand::killNode("node1"));
    QElapsedTimer sinceKill;
    sinceKill.start();
    QTRY_COMPARE_WITH_TIMEOUT(nodeState(session), std::string("lost"), 4000);
    // 1.5 s of silence (Cluster's clients) + up to one heartbeat + the status period: < 2 s; margin for a loaded machine.
    qInfo("node shown lost %lld ms after the kill", static_cast<long long>(sinceKill.elapsed()));
    QVERIFY2(sinceKill.elapsed() < 2500, qPrintable(QString("lost after %1 ms").arg(sinceKill.elapsed())));
    // Tracking goes on under CO, saying why.
    QTRY_COMPARE_WITH_TIMEOUT(nextStrategy(session, sequence, &partition), std::string("CO"), 5000);
    QCOMPARE(partition.requested, std::string("SO"));
    QVERIFY(!partition.fallbackReason.empty());
    const std::int64_t framesBefore = session.status()->stats.framesProcessed;
    QTRY_VERIFY_WITH_TIMEOUT(session.status()->stats.framesProcessed > framesBefore + 10, 5000);
    QCOMPARE(int(session.status()->state), int(PlayState::Playing));

    session.post(EngineCommand::startLocalNodes(1));  // restarts node1 on its port
    QTRY_COMPARE_WITH_TIMEOUT(nextStrategy(session, sequence), std::string("SO"), 30000);
    QTRY_COMPARE_WITH_TIMEOUT(nodeState(session), std::string("online"), 2000);  // status lags the frames
    QCOMPARE(int(session.status()->nodes.size()), 1);

    const std::int64_t recordedBeforeStop = session.status()->recordedFrames;
    session.post(EngineCommand::stopRecording());
    QTRY_VERIFY_WITH_TIMEOUT(!session.status()->recording, 5000);
    const SessionData data = SessionReader::read(folder);
    QVERIFY(std::int64_t(data.frames.size()) >= recordedBeforeStop);  // every frame processed while recording
    QVERIFY(recordedBeforeStop > 20);
    for (std::size_t i = 1; i < data.frames.size(); ++i) {
      QVERIFY2(data.frames[i].frame > data.frames[i - 1].frame, "recorded frames are in order");
    }
    QVERIFY(data.warnings.empty());
  }

  void clusterCommandErrorsAreEvents() {
    EngineSession session;
    session.post(EngineCommand::killNode("no-such-node"));
    session.post(EngineCommand::addNode("udp://nowhere"));
    session.post(EngineCommand::addNode("tcp://10.1.2.3:5555"));  // remote without a CURVE key
    std::vector<std::string> errors;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
          for (const auto& event : session.takeEvents()) {
            if (event.type == EngineEvent::Type::Error) errors.push_back(event.message);
          }
          return errors.size() >= 3;
        }(),
        5000);
    QVERIFY(QString::fromStdString(errors[0]).contains("no-such-node"));
    QVERIFY(QString::fromStdString(errors[1]).contains("udp://nowhere"));
    QVERIFY(QString::fromStdString(errors[2]).contains("SERVERKEY"));
  }

 private:
  QTemporaryDir keys_;
};

QTEST_GUILESS_MAIN(TestPartitionFailover)
#include "TestPartitionFailover.moc"
