// Robustness: a raw DEALER (an allowed CURVE key, so messages reach the decoder) sends 2000 random, truncated,
// mutated, multi-frame, other-version and oversized messages; the server counts and drops them, keeps serving a
// proper client, and its memory stays bounded. Patch requests and Turbo due times over the limits are refused as bad
// requests naming the field.
#include <QtTest>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include <zmq.hpp>

#include "NetTestUtil.h"
#include "net/NodeClient.h"
#include "net/NodeServer.h"
#include "net/WireCodec.h"
#include "util/Rng.h"

using namespace edgescope;
using namespace edgescope::testing;

namespace {

std::string randomBytes(Rng& rng, int size) {
  std::string bytes(static_cast<std::size_t>(size), '\0');
  for (char& c : bytes) c = static_cast<char>(rng.uniformInt(0, 255));
  return bytes;
}

/// A hog server with CURVE and a client it allows, both started (the test waits for the client to go online).
struct CurveServerAndClient {
  CurveServerAndClient() {
    server.start();
    client = std::make_unique<NodeClient>(curveClient(server.boundAddress(), clientKeys, serverKeys.publicKey()));
    client->start();
  }

  const CurveKeyPair serverKeys = CurveKeyPair::generate();
  const CurveKeyPair clientKeys = CurveKeyPair::generate();
  LogCapture log;
  NodeServer server{curveServer(serverKeys, clientKeys.publicKey(), log)};
  std::unique_ptr<NodeClient> client;
};

}  // namespace

class TestNodeFuzz : public QObject {
  Q_OBJECT

 private slots:
  void serverSurvivesGarbage() {
    CurveServerAndClient curve;
    NodeClient& client = *curve.client;
    QVERIFY(client.waitOnline(5000));
    const std::string jpeg = syntheticJpeg(3);
    QVERIFY(client.request(detectEnvelope(jpeg), 0, 10000).get().has_detect_reply());  // warm up allocations
    const long rssBeforeKb = residentKb();

    zmq::context_t context;
    zmq::socket_t fuzzer =
        curveDealer(context, curve.server.boundAddress(), curve.clientKeys, curve.serverKeys.publicKey());
    fuzzer.set(zmq::sockopt::sndtimeo, 10000);
    wire::Envelope valid = detectEnvelope(jpeg);
    valid.set_version(WireCodec::kProtocolVersion);
    const std::string validBytes = WireCodec::encode(valid);
    Rng rng(99);
    int sent = 0, oversized = 0;
    for (int i = 0; i < 2000; ++i) {
      std::vector<std::string> parts;
      switch (i % 8) {
        case 0: parts = {randomBytes(rng, rng.uniformInt(0, 2048))}; break;
        case 1: parts = {validBytes.substr(0, static_cast<std::size_t>(rng.uniformInt(0, int(validBytes.size()) - 1)))}; break;
        case 2: {  // mutated valid message
          std::string bytes = validBytes;
          for (int k = 0; k < 16; ++k) bytes[std::size_t(rng.uniformInt(0, int(bytes.size()) - 1))] = char(rng.uniformInt(0, 255));
          parts = {bytes};
          break;
        }
        case 3: parts = {randomBytes(rng, 16), randomBytes(rng, 32)}; break;  // wrong framing
        case 4: parts = {std::string()}; break;                             // empty frame
        case 5: {  // another protocol version
          wire::Envelope other;
          other.set_version(9);
          other.mutable_heartbeat()->set_seq(1);
          parts = {other.SerializeAsString()};
          break;
        }
        case 6: {  // a valid detect request with a broken JPEG, before any handshake on this socket
          wire::Envelope broken = valid;
          broken.mutable_detect_request()->set_jpeg(randomBytes(rng, 256));
          parts = {broken.SerializeAsString()};
          break;
        }
        default:
          if (i % 400 == 7) {  // a few messages just over the protocol limit (ZeroMQ still delivers them)
            parts = {std::string(WireCodec::kMaxMessageBytes + 1, '\x0a')};
            ++oversized;
          } else {
            parts = {randomBytes(rng, rng.uniformInt(1, 64))};
          }
      }
      for (std::size_t p = 0; p < parts.size(); ++p) {
        const auto flags = p + 1 < parts.size() ? zmq::send_flags::sndmore : zmq::send_flags::none;
        QVERIFY(fuzzer.send(zmq::buffer(parts[p]), flags).has_value());
      }
      ++sent;
      zmq::message_t drain;  // replies (handshake-first, version errors) are read and ignored
      while (fuzzer.recv(drain, zmq::recv_flags::dontwait)) {
      }
    }
    QCOMPARE(sent, 2000);
    QVERIFY(oversized >= 4);
    QTRY_VERIFY_WITH_TIMEOUT(curve.server.stats().received >= 2000 + 3, 20000);
    const NodeServerStats stats = curve.server.stats();
    qInfo("fuzz: received %llu, dropped %llu, handshake-first %llu, log lines %d",
          static_cast<unsigned long long>(stats.received), static_cast<unsigned long long>(stats.dropped),
          static_cast<unsigned long long>(stats.notHandshaken), int(curve.log.lines().size()));
    QVERIFY(stats.dropped >= 1000);
    QVERIFY(stats.notHandshaken >= 200);  // the detect requests of case 6
    QVERIFY(curve.log.contains("dropped a message"));
    QVERIFY(curve.log.contains("exceeds"));

    QCOMPARE(int(client.status().state), int(PeerState::Online));
    const wire::Envelope reply = client.request(detectEnvelope(jpeg), 0, 10000).get();
    QVERIFY(reply.has_detect_reply());
    const long rssAfterKb = residentKb();
    qInfo("RSS %ld KiB before, %ld KiB after the fuzz", rssBeforeKb, rssAfterKb);
    QVERIFY2(rssAfterKb - rssBeforeKb < 256 * 1024, "the server's memory grew by more than 256 MiB");
  }

  void patchRequestsOverLimits() {
    // 300 random patch requests through a handshaken client: too many patches, oversized or zero sides, empty JPEG,
    // duplicate ids, rectangles outside the source or not finite. Each is refused with ERROR_BAD_REQUEST naming a
    // patch_request field (the few valid ones with ERROR_UNSUPPORTED: this node has no patch model); it keeps serving.
    CurveServerAndClient curve;
    NodeClient& client = *curve.client;
    QVERIFY(client.waitOnline(5000));
    Rng rng(31);
    int badRequests = 0;
    for (int i = 0; i < 300; ++i) {
      wire::Envelope envelope;
      wire::PatchRequest* request = envelope.mutable_patch_request();
      request->set_frame_number(i + 1);
      request->set_stream_id("fuzz");
      request->set_source_width(640);
      request->set_source_height(480);
      const int count = i % 5 == 0 ? rng.uniformInt(65, 80) : rng.uniformInt(1, 8);
      for (int k = 0; k < count; ++k) {
        wire::PatchItem* item = request->add_patches();
        item->set_id(static_cast<std::uint32_t>(i % 5 == 1 && k > 0 ? 0 : k));  // duplicates in every fifth
        item->set_x(static_cast<float>(i % 5 == 2 ? 900 : rng.uniformInt(-20, 600)));  // outside the source
        item->set_y(static_cast<float>(rng.uniformInt(-20, 400)));
        item->set_w(i % 7 == 3 ? std::nanf("") : 40.0f);
        item->set_h(80.0f);
        item->set_input_width(static_cast<std::uint32_t>(i % 5 == 3 ? 2048 : 32));
        item->set_input_height(static_cast<std::uint32_t>(i % 11 == 4 ? 0 : 64));
        item->set_jpeg(i % 5 == 4 && k == 0 ? std::string() : randomBytes(rng, rng.uniformInt(1, 300)));
      }
      try {
        const wire::Envelope reply = client.request(std::move(envelope), 0, 10000).get();
        QVERIFY(reply.has_error() || reply.has_patch_reply());
        if (reply.has_error() && reply.error().code() == wire::ERROR_BAD_REQUEST) {
          QVERIFY2(QString::fromStdString(reply.error().message()).contains("patch_request"),
                   reply.error().message().c_str());
          ++badRequests;
        }
      } catch (const std::exception& error) {  // an error reply: a named field, or (valid) no patch model here
        const QString what = error.what();
        QVERIFY2(what.contains("patch_request") || what.contains("ERROR_UNSUPPORTED"), error.what());
        badRequests += what.contains("ERROR_BAD_REQUEST") || what.contains("patch_request") ? 1 : 0;
      }
    }
    QVERIFY2(badRequests >= 240, qPrintable(QString("%1 of 300 refused as bad requests").arg(badRequests)));
    QCOMPARE(int(client.status().state), int(PeerState::Online));
    QVERIFY(client.request(detectEnvelope(syntheticJpeg(3)), 0, 10000).get().has_detect_reply());
  }

  void turboDueTimesOverLimits() {
    // 200 detect requests with random reply_within_ms: those over WireCodec::kMaxReplyWithinMs are refused with
    // ERROR_BAD_REQUEST naming the field, the others served (this hog node has no Turbo: exit 0, no enhancement).
    CurveServerAndClient curve;
    NodeClient& client = *curve.client;
    QVERIFY(client.waitOnline(5000));
    const std::string jpeg = syntheticJpeg(3, {160, 120});
    Rng rng(44);
    int refused = 0, served = 0, over = 0;
    for (int i = 0; i < 200; ++i) {
      wire::Envelope envelope = detectEnvelope(jpeg, i + 1);
      const std::uint32_t withinMs =
          i % 2 == 0 ? static_cast<std::uint32_t>(rng.uniformInt(0, 60000))
                     : WireCodec::kMaxReplyWithinMs + 1u + static_cast<std::uint32_t>(rng.uniformInt(0, 1 << 30));
      over += withinMs > WireCodec::kMaxReplyWithinMs ? 1 : 0;
      envelope.mutable_detect_request()->set_reply_within_ms(withinMs);
      try {
        const wire::Envelope reply = client.request(std::move(envelope), 0, 10000).get();
        QVERIFY(reply.has_detect_reply());
        QCOMPARE(reply.detect_reply().turbo_exit(), 0u);
        QCOMPARE(reply.detect_reply().turbo_ms(), 0.0);
        ++served;
      } catch (const std::exception& error) {
        const QString what = error.what();
        QVERIFY2(what.contains("detect_request.reply_within_ms") && what.contains("ERROR_BAD_REQUEST"), error.what());
        ++refused;
      }
    }
    QCOMPARE(refused, over);
    QCOMPARE(served, 200 - over);
    QCOMPARE(int(client.status().state), int(PeerState::Online));
    QCOMPARE(client.status().turboShare, 0.0);
  }

  void clientDropsGarbageReplies() {
    // A "server" that answers every hello with garbage: the client counts undecodable replies and never goes online.
    zmq::context_t context;
    zmq::socket_t router(context, zmq::socket_type::router);
    router.set(zmq::sockopt::linger, 0);
    router.bind("tcp://127.0.0.1:*");
    const std::string address = router.get(zmq::sockopt::last_endpoint);
    NodeClientConfig config;
    config.address = address;
    config.insecure = true;
    NodeClient client(config);
    client.start();
    Rng rng(5);
    for (int i = 0; i < 20; ++i) {
      std::vector<zmq::message_t> parts;
      zmq::pollitem_t item{router.handle(), 0, ZMQ_POLLIN, 0};
      if (zmq::poll(&item, 1, std::chrono::milliseconds(500)) == 0) continue;
      zmq::message_t identity, payload;
      QVERIFY(router.recv(identity));
      QVERIFY(router.recv(payload));
      router.send(identity, zmq::send_flags::sndmore);
      router.send(zmq::buffer(randomBytes(rng, rng.uniformInt(1, 300))));
    }
    QTRY_VERIFY_WITH_TIMEOUT(client.status().droppedReplies >= 10, 5000);
    QVERIFY(client.status().state != PeerState::Online);
    QVERIFY(QString::fromStdString(client.status().lastError).contains(QString::fromStdString(address)));
  }
};

QTEST_GUILESS_MAIN(TestNodeFuzz)
#include "TestNodeFuzz.moc"
