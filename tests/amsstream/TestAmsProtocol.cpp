// AMS wire protocol end to end (issue 22): a CURVE node on loopback with AMS (teacher jde:jde_yolox_s8) and a
// camera client (AmsNodeLink) through an emulated link. Join with an upload when the node lacks the camera's
// weights, refusals naming both sha256, samples answered with the rate and T_update, a held poll answered by the
// phase's update, which the camera applies to its own flat vector (sha256 checked), a rollback resync, garbage
// H.264 answered BAD_IMAGE naming the request, link byte counts equal to the encoded sizes, and a node restart
// with --ams-state that resumes the session without a download.
#include <torch/torch.h>  // before Qt (the student's description loads LibTorch)

#include <QtTest>

#include <chrono>
#include <filesystem>
#include <thread>

#include "../TestHelpers.h"
#include "AmsNodeTestUtil.h"
#include "AmsStreamTestUtil.h"
#include "ams/SparseUpdateCodec.h"
#include "amsstream/AmsFrameEncoder.h"
#include "amsstream/AmsNodeLink.h"
#include "net/WireConvert.h"

using namespace edgescope;
using namespace edgescope::testing;

namespace {

std::string teacherSpec() { return "jde:" + studentCard(); }

/// A batch of @p count sampled frames of the synthetic street (small: cheap to label and train on).
AmsFrameBatch sampleBatch(int count, int seed = 31) {
  AmsFrameEncoder::Options options;
  options.batchSeconds = 2.0;
  options.bitrateKbps = 400.0;
  return AmsFrameEncoder::encode(sampledFrames(sceneUri(384, 288, seed), count), options);
}

std::vector<double> agesMs(int count) {
  std::vector<double> ages;
  for (int i = count - 1; i >= 0; --i) ages.push_back(500.0 * i);
  return ages;
}

/// |a − b| ≤ 5 % of max(a, b).
bool within5Percent(double a, double b) { return std::abs(a - b) <= 0.05 * std::max(a, b); }

/// The update from @p version, polling until one arrives (the node holds each poll up to 3 s).
AmsNodeLink::UpdateResult awaitUpdate(AmsNodeLink& link, std::uint64_t version) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  while (std::chrono::steady_clock::now() < until) {
    link.startPoll(version, 3000);
    std::optional<AmsNodeLink::UpdateResult> result = link.takeUpdate(20000);
    if (result && (result->hasUpdate || result->resync)) return *result;
  }
  return {};
}

}  // namespace

class TestAmsProtocol : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { QVERIFY(student().parameterCount > 0); }

  void missingTeacherRefusedAtStart() {
    AmsNodeSessions::Options options;
    options.teacherSpec = "jde:/nonexistent/teacher.json";
    const QString error = errorOf([&] { AmsNodeSessions service(options); });
    QVERIFY2(error.contains("jde:/nonexistent/teacher.json"), qPrintable(error));
    const QString node = EDGESCOPE_BIN_DIR "/edgescope-node";
    if (!QFileInfo::exists(node)) return;  // the executable is checked when it is built
    QProcess process;
    process.start(node, {"--insecure", "--bind", "tcp://127.0.0.1:0", "--detector", "hog", "--ams-teacher",
                         "jde:/nonexistent/teacher.json"});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 2);
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(err.contains("jde:/nonexistent/teacher.json"), qPrintable(err));
  }

  void unsupportedWithoutAms() {
    const CurveKeyPair serverKeys = CurveKeyPair::generate(), clientKeys = CurveKeyPair::generate();
    LogCapture log;
    NodeServer server(curveServer(serverKeys, clientKeys.publicKey(), log));
    server.start();
    NodeClient client(curveClient(server.boundAddress(), clientKeys, serverKeys.publicKey()));
    client.start();
    QVERIFY(client.waitOnline(5000));
    QVERIFY(client.status().capabilities.ams_teacher().empty());
    AmsNodeLink link(client, {"cam-a", "camera", 10000, 1000});
    const std::vector<float> flat = *student().pretrained;
    const QString error = errorOf([&] { link.join(identityOf(flat, 0), cheapConfig(), nullptr); });
    QVERIFY2(error.contains("ERROR_UNSUPPORTED") && error.contains("ams.join"), qPrintable(error));
  }

  void joinUploadTrainApplyResync() {
    AmsNodeFixture node(teacherSpec());
    QVERIFY(node.client->waitOnline(5000));
    const wire::Capabilities caps = node.client->status().capabilities;
    QCOMPARE(QString::fromStdString(caps.ams_teacher()), QString::fromStdString(teacherSpec()));
    QCOMPARE(caps.ams_free_sessions(), 2u);

    // The camera runs version 3: the pretrained weights with a few changes the node has never seen.
    std::vector<float> camera = *student().pretrained;
    for (std::size_t i = 0; i < 64; ++i) camera[i * 97] += 1e-3f;
    const std::vector<float> version3 = camera;
    AmsNodeLink link(*node.client, {"cam-a", "camera A", 120000, 5000});
    int weightsAsked = 0;
    const AmsNodeLink::JoinResult joined = link.join(identityOf(camera, 3), cheapConfig(), [&] {
      ++weightsAsked;
      return camera;
    });
    QVERIFY2(joined.accepted, joined.reason.c_str());
    QCOMPARE(weightsAsked, 1);
    QVERIFY(joined.uploadedWeights && !joined.resumed);
    QCOMPARE(joined.nodeVersion, std::uint64_t{3});
    QCOMPARE(joined.updateIntervalS, 2.0);
    QCOMPARE(node.service->stats().weightUploads, std::uint64_t{1});
    QCOMPARE(link.stats().weightBytes, std::uint64_t{4} * student().parameterCount);

    // A student mismatch is refused naming both sha256: a "pretrained" camera whose weights are not the node's,
    // and an upload whose sha256 is not the declared one.
    {
      AmsNodeLink other(*node.client, {"cam-b", "camera B", 120000, 5000});
      const StreamableModel::Identity wrong = identityOf(camera, 0);
      const AmsNodeLink::JoinResult refused = other.join(wrong, cheapConfig(), nullptr);
      QVERIFY(!refused.accepted);
      QVERIFY2(refused.reason.find(wrong.sha256) != std::string::npos &&
                   refused.reason.find(student().flatSha256) != std::string::npos,
               refused.reason.c_str());
      StreamableModel::Identity declared = identityOf(camera, 5);
      declared.sha256 = std::string(64, 'a');
      const AmsNodeLink::JoinResult lied = other.join(declared, cheapConfig(), [] { return *student().pretrained; });
      QVERIFY(!lied.accepted);
      QVERIFY2(lied.reason.find(declared.sha256) != std::string::npos &&
                   lied.reason.find(student().flatSha256) != std::string::npos,
               lied.reason.c_str());
    }

    // Samples: answered once labelled, with the rate and T_update; the link carried what was encoded.
    const std::uint64_t upBefore = node.link->stats().uplink.bytes;
    const std::uint64_t sentBefore = link.stats().bytesSent;
    const AmsFrameBatch batch = sampleBatch(6);
    const std::uint64_t sequence = link.sendSamples(batch, agesMs(6));
    std::optional<AmsNodeLink::SamplesResult> samples = link.takeSamplesReply(120000);
    QVERIFY(samples.has_value());
    QCOMPARE(samples->sequence, sequence);
    QCOMPARE(samples->accepted, 6u);
    QVERIFY(samples->rateFps > 0.0 && samples->updateIntervalS >= 2.0);
    const double upBytes = double(node.link->stats().uplink.bytes - upBefore);
    const double encodedUp = double(link.stats().bytesSent - sentBefore);
    QVERIFY(encodedUp > double(batch.payload.size()));
    QVERIFY2(within5Percent(upBytes, encodedUp),
             qPrintable(QString("link %1, encoded %2").arg(upBytes).arg(encodedUp)));

    // The held poll is answered by the phase's update; applied to the camera's vector it gives the node's sha256.
    const std::uint64_t downBefore = node.link->stats().downlink.bytes;
    const std::uint64_t receivedBefore = link.stats().bytesReceived;
    const AmsNodeLink::UpdateResult update = awaitUpdate(link, 3);
    QVERIFY(update.hasUpdate);
    QCOMPARE(update.update.baseVersion, std::uint64_t{3});
    QCOMPARE(update.update.version, std::uint64_t{4});
    QVERIFY(update.updateBytes > 0 && update.trainMs > 0.0 && update.stalenessMs >= 0.0);
    const double downBytes = double(node.link->stats().downlink.bytes - downBefore);
    const double encodedDown = double(link.stats().bytesReceived - receivedBefore);
    QVERIFY2(within5Percent(downBytes, encodedDown),
             qPrintable(QString("link %1, encoded %2").arg(downBytes).arg(encodedDown)));
    qInfo(
        "samples: %zu payload bytes (%s), link up %.0f B vs encoded %.0f B; update 3->4: %zu bytes for %zu of %u "
        "coordinates, link down %.0f B vs encoded %.0f B; phase %.0f ms, staleness %.0f ms",
        batch.payload.size(), AmsFrameBatch::codecName(batch.codec).c_str(), upBytes, encodedUp, update.updateBytes,
        update.update.indices.size(), student().parameterCount, downBytes, encodedDown, update.trainMs,
        update.stalenessMs);
    SparseUpdateCodec::apply(update.update, camera, 3, student().layoutHash);
    QCOMPARE(QString::fromStdString(ParameterDigest::sha256(camera)),
             QString::fromStdString(update.update.resultSha256));
    QCOMPARE(sessionStats(*node.service, "cam-a").version, std::uint64_t{4});

    // No new samples: no new phase, the poll's time runs out with an empty answer at the node's version.
    link.startPoll(4, 300);
    std::optional<AmsNodeLink::UpdateResult> empty = link.takeUpdate(20000);
    QVERIFY(empty.has_value() && !empty->hasUpdate && !empty->resync);
    QCOMPARE(empty->nodeVersion, std::uint64_t{4});

    // Rollback to version 3: the node's ring has it, nothing is uploaded.
    const AmsNodeLink::ResyncResult resynced = link.resync(identityOf(version3, 3), [&] {
      ++weightsAsked;
      return version3;
    });
    QVERIFY2(resynced.accepted, resynced.reason.c_str());
    QVERIFY(!resynced.uploadedWeights);
    QCOMPARE(weightsAsked, 1);
    QCOMPARE(resynced.nodeVersion, std::uint64_t{3});
    QCOMPARE(sessionStats(*node.service, "cam-a").version, std::uint64_t{3});

    // Garbage H.264 is Error BAD_IMAGE naming the request.
    AmsFrameBatch garbage = batch;
    garbage.codec = AmsFrameCodec::H264;
    for (std::size_t i = 0; i < garbage.payload.size(); ++i) garbage.payload[i] = char((i * 131 + 7) & 0xFF);
    const std::uint64_t badSequence = link.sendSamples(garbage, agesMs(garbage.frameCount));
    const QString bad = errorOf([&] { link.takeSamplesReply(60000); });
    QVERIFY2(bad.contains("ERROR_BAD_IMAGE") && bad.contains(QString("ams.samples #%1").arg(badSequence)),
             qPrintable(bad));
  }

  void restartResumesFromState() {
    QTemporaryDir state;
    QVERIFY(state.isValid());
    const std::string stateDir = state.path().toStdString();
    std::vector<float> camera = *student().pretrained;
    {
      AmsNodeFixture node(teacherSpec(), stateDir);
      QVERIFY(node.client->waitOnline(5000));
      AmsNodeLink link(*node.client, {"cam-r", "camera R", 120000, 5000});
      const AmsNodeLink::JoinResult joined = link.join(identityOf(camera, 0), cheapConfig(), nullptr);
      QVERIFY2(joined.accepted, joined.reason.c_str());
      QVERIFY(!joined.uploadedWeights);  // the node has the pretrained student itself
      link.sendSamples(sampleBatch(4, 41), agesMs(4));
      QVERIFY(link.takeSamplesReply(120000).has_value());
      const AmsNodeLink::UpdateResult update = awaitUpdate(link, 0);
      QVERIFY(update.hasUpdate);
      SparseUpdateCodec::apply(update.update, camera, 0, student().layoutHash);
    }  // the node stops; its state is on disk
    QVERIFY(std::filesystem::exists(stateDir + "/cam-r/session.json"));

    AmsNodeFixture restarted(teacherSpec(), stateDir);
    QVERIFY(restarted.client->waitOnline(5000));
    AmsNodeLink link(*restarted.client, {"cam-r", "camera R", 120000, 5000});
    int weightsAsked = 0;
    const std::uint64_t upBefore = restarted.link->stats().uplink.bytes;
    const AmsNodeLink::JoinResult resumed = link.join(identityOf(camera, 1), cheapConfig(), [&] {
      ++weightsAsked;
      return camera;
    });
    QVERIFY2(resumed.accepted, resumed.reason.c_str());
    QVERIFY(resumed.resumed && !resumed.uploadedWeights);
    QCOMPARE(weightsAsked, 0);
    QCOMPARE(resumed.nodeVersion, std::uint64_t{1});
    QVERIFY(restarted.link->stats().uplink.bytes - upBefore < 64u * 1024u);  // no 3 MB download
    QCOMPARE(restarted.service->stats().resumed, std::uint64_t{1});
    QVERIFY(sessionStats(*restarted.service, "cam-r").bufferedSamples >= 4u);  // the buffer came back too
  }
};

QTEST_GUILESS_MAIN(TestAmsProtocol)
#include "TestAmsProtocol.moc"
