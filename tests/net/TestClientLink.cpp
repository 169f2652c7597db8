// Integration tests of NodeClient over an emulated link (NodeClientConfig::link, DuplexLink) to a plain NodeServer on
// tcp://127.0.0.1: heartbeat RTT carries the link's RTT, a ~100 KB request takes its serialisation time on both
// directions plus RTT plus the server's time, the same request without a link is much faster, link->stats() counts
// every byte, and requests held by the link still fail at stop and time out when the link loses them.
// Lower bounds are strict (the emulation guarantees them); upper bounds are generous for a loaded 2-core machine.
#include <QtTest>

#include <algorithm>
#include <chrono>
#include <memory>
#include <thread>

#include <opencv2/core.hpp>

#include "NetTestUtil.h"
#include "core/Stopwatch.h"
#include "link/DuplexLink.h"
#include "net/JpegImage.h"
#include "net/NodeClient.h"
#include "net/NodeServer.h"
#include "net/WireCodec.h"
#include "util/Error.h"

using namespace edgescope;
using namespace edgescope::testing;

namespace {

constexpr double kUplinkKbps = 8000.0;
constexpr double kDownlinkKbps = 40000.0;
constexpr double kRttMs = 20.0;
constexpr std::size_t kPayloadBytes = 100000;
constexpr int kRounds = 3;

/// A JPEG of colour noise (it hardly compresses) of at least @p bytes.
std::string noisyJpeg(std::size_t bytes) {
  cv::RNG rng(12345);
  for (int side = 96;; side += 16) {
    cv::Mat image(side * 3 / 4, side, CV_8UC3);
    rng.fill(image, cv::RNG::UNIFORM, 0, 256);
    std::string jpeg = JpegImage::encode(image, 90);
    if (jpeg.size() >= bytes) return jpeg;
  }
}

/// Serialisation time of @p bytes at @p kbps, ms.
double serialMs(std::size_t bytes, double kbps) { return static_cast<double>(bytes) * 8.0 / kbps; }

/// One timed request: wall round trip, the server's own time, the encoded sizes.
struct RoundTrip {
  double totalMs = 0.0;
  double serverMs = 0.0;
  std::size_t requestBytes = 0;
  std::size_t replyBytes = 0;
};

RoundTrip timedDetect(NodeClient& client, const std::string& jpeg, std::int64_t frame) {
  wire::Envelope request = detectEnvelope(jpeg, frame);
  RoundTrip out;
  wire::Envelope sized = request;  // the client's header adds request_id and sent_at_us (~15 µs at 8 Mbps)
  sized.set_version(WireCodec::kProtocolVersion);
  out.requestBytes = WireCodec::encode(sized).size();
  const Stopwatch clock;
  const wire::Envelope reply = client.request(std::move(request), 0, 10000).get();
  out.totalMs = clock.elapsedMs();
  out.serverMs = reply.server_ms();
  out.replyBytes = WireCodec::encode(reply).size();
  return out;
}

}  // namespace

class TestClientLink : public QObject {
  Q_OBJECT

  LogCapture log_;
  std::unique_ptr<NodeServer> server_;
  std::shared_ptr<DuplexLink> link_;
  std::unique_ptr<NodeClient> client_;
  std::string jpeg_;
  double bestLinkOverheadMs_ = -1.0;

  NodeClientConfig plainClient(std::shared_ptr<DuplexLink> link) const {
    NodeClientConfig config;
    config.address = server_->boundAddress();
    config.insecure = true;
    config.name = "test-camera";
    config.link = std::move(link);
    return config;
  }

  static std::shared_ptr<DuplexLink> makeLink(double uplinkKbps) {
    LinkProfile profile;
    profile.uplinkKbps = uplinkKbps;
    profile.downlinkKbps = kDownlinkKbps;
    profile.rttMs = kRttMs;
    return std::make_shared<DuplexLink>(profile);
  }

 private slots:
  void initTestCase() {
    NodeServerConfig config;  // plain mode: loopback + insecure
    config.bindAddress = "tcp://127.0.0.1:*";
    config.detectorSpec = "hog";
    config.insecure = true;
    config.name = "test-node";
    config.log = [this](const std::string& line) { log_.add(line); };
    server_ = std::make_unique<NodeServer>(config);
    server_->start();
    link_ = makeLink(kUplinkKbps);
    client_ = std::make_unique<NodeClient>(plainClient(link_));
    client_->start();
    jpeg_ = noisyJpeg(kPayloadBytes);
    QVERIFY(jpeg_.size() < WireCodec::kMaxImageBytes);
    qInfo("noisy JPEG payload: %zu bytes", jpeg_.size());
  }

  void cleanupTestCase() {
    if (client_) client_->stop();
    if (server_) server_->stop();
  }

  void heartbeatRttIncludesTheLinkRtt() {
    QVERIFY(client_->waitOnline(5000));
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));  // hello + 4 heartbeats
    const PeerStatus status = client_->status();
    qInfo("heartbeat RTT over a %.0f ms link: EWMA %.3f ms, last %.3f ms", kRttMs, status.rttMs, status.lastRttMs);
    QCOMPARE(int(status.state), int(PeerState::Online));
    QVERIFY2(status.rttMs >= kRttMs && status.rttMs < kRttMs + 250.0, qPrintable(QString::number(status.rttMs)));
    QVERIFY2(status.lastRttMs >= kRttMs && status.lastRttMs < kRttMs + 250.0,
             qPrintable(QString::number(status.lastRttMs)));
  }

  void largeRequestTakesTheEmulatedTime() {
    QVERIFY(client_->waitOnline(5000));
    double bestExcessMs = 1e9;
    for (int round = 0; round < kRounds; ++round) {
      const RoundTrip trip = timedDetect(*client_, jpeg_, round + 1);
      const double upMs = serialMs(trip.requestBytes, kUplinkKbps);
      const double downMs = serialMs(trip.replyBytes, kDownlinkKbps);
      const double expectedMs = upMs + downMs + kRttMs + trip.serverMs;
      qInfo(
          "linked: request %zu B (%.2f ms up), reply %zu B (%.3f ms down), server %.2f ms: expected %.2f ms, "
          "measured %.2f ms",
          trip.requestBytes, upMs, trip.replyBytes, downMs, trip.serverMs, expectedMs, trip.totalMs);
      QVERIFY2(trip.totalMs >= upMs + kRttMs, qPrintable(QString::number(trip.totalMs)));
      QVERIFY2(trip.totalMs >= expectedMs - 0.5, qPrintable(QString::number(trip.totalMs)));
      bestExcessMs = std::min(bestExcessMs, trip.totalMs - 1.10 * expectedMs);
      const double overheadMs = trip.totalMs - trip.serverMs;
      bestLinkOverheadMs_ = bestLinkOverheadMs_ < 0.0 ? overheadMs : std::min(bestLinkOverheadMs_, overheadMs);
    }
    QVERIFY2(bestExcessMs <= 150.0,  // generous upper side: a loaded machine delays wake-ups, never speeds them up
             qPrintable(QString("best round trip %1 ms above expected + 10 %").arg(bestExcessMs)));
    const LinkStats stats = link_->stats();  // within a second of three ~100 KB requests
    qInfo("measured uplink %.0f Kbps, downlink %.0f Kbps", stats.uplink.measuredKbps, stats.downlink.measuredKbps);
    QVERIFY(stats.uplink.measuredKbps >= static_cast<double>(jpeg_.size()) * 8.0 / 1000.0);  // ≥ one request/s
    QVERIFY(stats.uplink.measuredKbps <= kUplinkKbps * 1.01);
    QVERIFY(stats.downlink.measuredKbps > 0.0);
  }

  void withoutLinkIsMuchFaster() {
    QVERIFY(bestLinkOverheadMs_ > 0.0);
    NodeClient plain(plainClient(nullptr));
    plain.start();
    QVERIFY(plain.waitOnline(5000));
    double bestOverheadMs = 1e9;
    for (int round = 0; round < kRounds; ++round) {
      const RoundTrip trip = timedDetect(plain, jpeg_, round + 1);
      qInfo("no link: server %.2f ms, measured %.2f ms", trip.serverMs, trip.totalMs);
      bestOverheadMs = std::min(bestOverheadMs, trip.totalMs - trip.serverMs);
    }
    const double linkMs = serialMs(jpeg_.size(), kUplinkKbps) + kRttMs;
    qInfo("round trip minus server time: %.2f ms without link, %.2f ms with it", bestOverheadMs, bestLinkOverheadMs_);
    QVERIFY2(bestOverheadMs + 0.8 * linkMs < bestLinkOverheadMs_, qPrintable(QString::number(bestOverheadMs)));
  }

  void heldRequestFailsAtStop() {
    const std::shared_ptr<DuplexLink> slow = makeLink(1000.0);  // 100 KB = 800 ms on the uplink
    NodeClient client(plainClient(slow));
    client.start();
    QVERIFY(client.waitOnline(5000));
    const std::uint64_t servedBefore = server_->stats().served;
    std::future<wire::Envelope> reply = client.request(detectEnvelope(jpeg_), 0, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    QCOMPARE(client.status().pending, std::uint64_t(1));
    client.stop();
    QVERIFY(reply.wait_for(std::chrono::seconds(0)) == std::future_status::ready);
    const QString error = QString::fromStdString(futureError(reply));
    QVERIFY2(error.contains("client stopped"), qPrintable(error));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    QCOMPARE(server_->stats().served, servedBefore);  // it never left the emulated link
  }

  void lostRequestFailsAtItsTimeout() {
    const std::shared_ptr<DuplexLink> lossy = makeLink(kUplinkKbps);
    NodeClient client(plainClient(lossy));
    client.start();
    QVERIFY(client.waitOnline(5000));
    LinkProfile profile = lossy->profile();
    profile.lossPercent = 100.0;
    lossy->setProfile(profile);
    const Stopwatch clock;
    std::future<wire::Envelope> reply = client.request(detectEnvelope(jpeg_), 0, 300);
    const QString error = QString::fromStdString(futureError(reply));
    QVERIFY2(error.contains("timed out"), qPrintable(error));
    QVERIFY(clock.elapsedMs() >= 300.0);
    QVERIFY(lossy->stats().uplink.droppedMessages >= 1);
  }

  void statsCountBothDirections() {
    client_->stop();  // nothing moves any more: compare the link's counters with the client's
    const PeerStatus status = client_->status();
    const LinkStats stats = link_->stats();
    qInfo("uplink %llu B in %llu messages (client sent %llu B), downlink %llu B in %llu messages (received %llu B)",
          static_cast<unsigned long long>(stats.uplink.bytes), static_cast<unsigned long long>(stats.uplink.messages),
          static_cast<unsigned long long>(status.bytesSent), static_cast<unsigned long long>(stats.downlink.bytes),
          static_cast<unsigned long long>(stats.downlink.messages),
          static_cast<unsigned long long>(status.bytesReceived));
    QCOMPARE(stats.uplink.droppedMessages, std::uint64_t(0));
    QCOMPARE(stats.downlink.droppedMessages, std::uint64_t(0));
    QVERIFY(stats.uplink.bytes >= kRounds * jpeg_.size());
    QVERIFY(stats.uplink.messages >= kRounds + 4);  // requests, hello, heartbeats
    QVERIFY(stats.downlink.messages >= kRounds + 4);
    // Everything scheduled was written/handled except what the stop found still on the link (a heartbeat at most).
    QVERIFY(stats.uplink.bytes >= status.bytesSent && stats.uplink.bytes <= status.bytesSent + 256);
    QVERIFY(stats.downlink.bytes >= status.bytesReceived && stats.downlink.bytes <= status.bytesReceived + 256);
  }
};

QTEST_APPLESS_MAIN(TestClientLink)
#include "TestClientLink.moc"
