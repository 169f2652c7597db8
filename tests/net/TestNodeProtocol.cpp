// Integration tests of NodeServer + NodeClient over tcp://127.0.0.1 with CURVE: handshake, detection, tracking,
// deadlines, handshake-first, heartbeat RTT, unknown keys, plain-mode rules, loss within 2 s and recovery.
#include <QtTest>

#include <chrono>
#include <memory>
#include <thread>

#include <zmq.hpp>

#include "../TestHelpers.h"
#include "NetTestUtil.h"
#include "core/Stopwatch.h"
#include "net/NodeClient.h"
#include "net/NodeServer.h"
#include "net/WireCodec.h"
#include "util/Error.h"

using namespace edgescope;
using namespace edgescope::testing;

namespace {

}  // namespace

class TestNodeProtocol : public QObject {
  Q_OBJECT

  CurveKeyPair serverKeys_ = CurveKeyPair::generate();
  CurveKeyPair clientKeys_ = CurveKeyPair::generate();
  LogCapture log_;
  std::unique_ptr<NodeServer> server_;
  std::unique_ptr<NodeClient> client_;

 private slots:
  void initTestCase() {
    server_ = std::make_unique<NodeServer>(curveServer(serverKeys_, clientKeys_.publicKey(), log_));
    server_->start();
    QVERIFY(server_->boundAddress().rfind("tcp://127.0.0.1:", 0) == 0);
    client_ = std::make_unique<NodeClient>(curveClient(server_->boundAddress(), clientKeys_, serverKeys_.publicKey()));
    client_->start();
  }

  void handshakeReportsCapabilities() {
    QVERIFY(client_->waitOnline(5000));
    const PeerStatus status = client_->status();
    QCOMPARE(QString::fromStdString(status.nodeName), QString("test-node"));
    QCOMPARE(status.capabilities.models_size(), 1);
    QCOMPARE(QString::fromStdString(status.capabilities.models(0)), QString("hog"));
    QCOMPARE(QString::fromStdString(status.capabilities.device()), QString("cpu"));
    QVERIFY(!status.capabilities.deepscale());
    QCOMPARE(server_->stats().handshakes, std::uint64_t(1));
  }

  void detectReturnsBoxes() {
    int boxes = 0;
    for (int frame = 80; frame <= 200 && boxes == 0; frame += 60) {  // hog finds people in frames 80, 140
      wire::Envelope request = detectEnvelope(syntheticJpeg(frame, {1280, 960}), frame);
      request.mutable_detect_request()->set_source_width(2560);  // boxes scaled to the camera's full frame
      request.mutable_detect_request()->set_source_height(1920);
      const wire::Envelope reply = client_->request(std::move(request), 0, 10000).get();
      QVERIFY(reply.has_detect_reply());
      QCOMPARE(reply.detect_reply().frame_number(), std::int64_t(frame));
      QVERIFY(reply.detect_reply().detect_ms() > 0.0);
      QCOMPARE(reply.detect_reply().ran_width(), 1280u);
      boxes = reply.detect_reply().boxes_size();
      for (const wire::Box& box : reply.detect_reply().boxes()) QVERIFY(box.x() + box.w() <= 2560.5f);
    }
    QVERIFY2(boxes > 0, "hog found nobody in two synthetic frames");
  }

  void trackKeepsIdentities() {
    int withTracks = 0;
    for (int frame = 80; frame < 84; ++frame) {
      wire::Envelope request;
      request.mutable_track_request()->set_jpeg(syntheticJpeg(frame, {1280, 960}));
      request.mutable_track_request()->set_frame_number(frame);
      request.mutable_track_request()->set_stream_id("cam-1");
      const wire::Envelope reply = client_->request(std::move(request), 0, 10000).get();
      QVERIFY(reply.has_track_reply());
      if (reply.track_reply().tracks_size() > 0) ++withTracks;
      for (const wire::Box& track : reply.track_reply().tracks()) QVERIFY(track.track_id() > 0);
    }
    QVERIFY(withTracks > 0);
  }

  void badJpegIsAnErrorNamingTheRequest() {
    std::future<wire::Envelope> reply = client_->request(detectEnvelope("not a jpeg"), 0, 10000);
    const QString error = QString::fromStdString(futureError(reply));
    QVERIFY2(error.contains("request ") && error.contains("jpeg") && error.contains("ERROR_BAD_IMAGE"), qPrintable(error));
    QVERIFY(error.contains(QString::fromStdString(server_->boundAddress())));
  }

  void queuedPastDeadlineIsNotRun() {
    const std::uint64_t before = server_->stats().deadlineExceeded;
    const std::string jpeg = syntheticJpeg(40, {1280, 960});
    std::future<wire::Envelope> first = client_->request(detectEnvelope(jpeg), 0, 20000);
    std::future<wire::Envelope> late = client_->request(detectEnvelope(jpeg), 1, 20000);
    QVERIFY(first.get().has_detect_reply());
    const QString error = QString::fromStdString(futureError(late));
    QVERIFY2(error.contains("deadline exceeded"), qPrintable(error));
    QCOMPARE(server_->stats().deadlineExceeded, before + 1);
  }

  void requestBeforeHandshakeIsRefused() {
    zmq::context_t context;
    zmq::socket_t dealer = curveDealer(context, server_->boundAddress(), clientKeys_, serverKeys_.publicKey());
    dealer.set(zmq::sockopt::rcvtimeo, 5000);
    wire::Envelope request = detectEnvelope(syntheticJpeg(1));
    request.set_version(WireCodec::kProtocolVersion);
    request.set_request_id(77);
    dealer.send(zmq::buffer(WireCodec::encode(request)));
    zmq::message_t message;
    QVERIFY(dealer.recv(message));
    const wire::Envelope reply = WireCodec::decode(message.data(), message.size());
    QVERIFY(reply.has_error());
    QCOMPARE(int(reply.error().code()), int(wire::ERROR_HANDSHAKE_FIRST));
    QCOMPARE(reply.request_id(), std::uint64_t(77));
    QVERIFY(QString::fromStdString(reply.error().message()).contains("handshake first"));
  }

  void heartbeatsMeasureRoundTrip() {
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    const PeerStatus status = client_->status();
    QCOMPARE(int(status.state), int(PeerState::Online));
    QVERIFY(status.rttMs > 0.0 && status.rttMs < 500.0);
    QVERIFY(status.lastRttMs > 0.0);
    QVERIFY(status.silenceMs < 750.0);
    QVERIFY(status.bytesSent > 0 && status.bytesReceived > 0);
    qInfo("heartbeat RTT (EWMA) %.3f ms, last %.3f ms", status.rttMs, status.lastRttMs);
  }

  void unknownClientKeyIsRefused() {
    const CurveKeyPair stranger = CurveKeyPair::generate();
    NodeClient client(curveClient(server_->boundAddress(), stranger, serverKeys_.publicKey()));
    client.start();
    QVERIFY(!client.waitOnline(1500));
    QTRY_VERIFY_WITH_TIMEOUT(client.status().state == PeerState::Lost, 3000);
    QVERIFY(server_->stats().refusedKeys >= 1);
    QVERIFY(log_.contains("refused unknown client key " + CurveKeyPair::shortId(stranger.publicKey())));
    std::future<wire::Envelope> reply = client.request(detectEnvelope("x"));
    QVERIFY(QString::fromStdString(futureError(reply))
                .contains(QString::fromStdString(server_->boundAddress())));
  }

  void plainModeOnlyOnLoopbackWithInsecure() {
    LogCapture log;
    NodeServerConfig config = curveServer(serverKeys_, clientKeys_.publicKey(), log, "tcp://0.0.0.0:*");
    config.keys.reset();
    config.insecure = true;
    QVERIFY(errorOf([&] { NodeServer(config).start(); }).contains("only on loopback"));
    config.bindAddress = "tcp://192.168.1.10:*";
    QVERIFY(errorOf([&] { NodeServer(config).start(); }).contains("only on loopback"));
    config.bindAddress = "tcp://127.0.0.1:*";
    config.insecure = false;
    QVERIFY(errorOf([&] { NodeServer(config).start(); }).contains("insecure=true"));
    NodeClientConfig clientConfig;
    clientConfig.address = "tcp://10.0.0.5:5555";
    clientConfig.insecure = true;
    QVERIFY(errorOf([&] { NodeClient client(clientConfig); }).contains("only on loopback"));

    config.insecure = true;  // allowed: loopback + explicit insecure
    NodeServer plain(config);
    plain.start();
    clientConfig.address = plain.boundAddress();
    NodeClient client(clientConfig);
    client.start();
    QVERIFY(client.waitOnline(5000));
    QVERIFY(client.request(detectEnvelope(syntheticJpeg(5)), 0, 10000).get().has_detect_reply());
  }

  void lostWithinTwoSecondsAndBackOnline() {
    QVERIFY(client_->waitOnline(3000));
    const std::string address = server_->boundAddress();
    std::future<wire::Envelope> pending = client_->request(detectEnvelope(syntheticJpeg(60, {1920, 1080})), 0, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    server_->stop();
    const Stopwatch sinceStop;
    QTRY_VERIFY_WITH_TIMEOUT(client_->status().state == PeerState::Lost, 4000);
    const double lostAfterMs = sinceStop.elapsedMs();
    qInfo("client reported the node lost %.0f ms after it stopped", lostAfterMs);
    QVERIFY2(lostAfterMs <= 2300.0, qPrintable(QString("lost after %1 ms").arg(lostAfterMs)));
    if (pending.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
      const QString error = QString::fromStdString(futureError(pending));
      if (error != "<no error>") QVERIFY2(error.contains(QString::fromStdString(address)), qPrintable(error));
    } else {
      QFAIL("the pending request was neither answered nor failed at loss");
    }
    server_ = std::make_unique<NodeServer>(curveServer(serverKeys_, clientKeys_.publicKey(), log_, address));
    server_->start();
    const Stopwatch sinceRestart;
    QVERIFY(client_->waitOnline(5000));
    qInfo("back online %.0f ms after the restart", sinceRestart.elapsedMs());
    QVERIFY(client_->request(detectEnvelope(syntheticJpeg(7)), 0, 10000).get().has_detect_reply());
    QCOMPARE(client_->status().lossCount, std::uint64_t(1));
  }

  void cleanupTestCase() {
    client_.reset();
    server_.reset();
  }
};

QTEST_GUILESS_MAIN(TestNodeProtocol)
#include "TestNodeProtocol.moc"
