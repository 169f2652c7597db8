// LinkEmulator and DuplexLink with a hand-driven clock (transmission = bytes × 8 / bandwidth + RTT/2, FIFO with
// jitter, seeded loss, counters), delayUntil() and DelayQueue on the real clock (order and lower bounds only).
#include <QtTest>
#include <atomic>
#include <chrono>
#include <cmath>
#include <mutex>
#include <thread>
#include <vector>

#include "link/DelayQueue.h"
#include "link/DuplexLink.h"
#include "link/LinkClock.h"
#include "link/LinkEmulator.h"
#include "util/Error.h"
#include "util/ThreadName.h"

using namespace edgescope;

namespace {

/// Time moves only when the test says so; sleeping jumps ahead.
class ManualClock : public LinkClock {
 public:
  std::uint64_t nowUs() const override { return now_.load(); }
  void sleepUntilUs(std::uint64_t timeUs) const override {
    if (timeUs > now_.load()) now_.store(timeUs);
  }
  void set(std::uint64_t timeUs) { now_.store(timeUs); }

 private:
  mutable std::atomic<std::uint64_t> now_{0};
};

double expectedUs(double bytes, double kbps, double rttMs) { return bytes * 8 / (kbps * 1000) * 1e6 + rttMs * 500; }

struct Released {
  int value;
  std::uint64_t atUs;
  std::string thread;
};

}  // namespace

class TestLinkEmulator : public QObject {
  Q_OBJECT

 private slots:
  void transmissionTimeIsSerialisationPlusHalfRtt() {
    auto clock = std::make_shared<ManualClock>();
    LinkEmulator uplink(21100, 1.4, 7, clock);
    for (std::uint64_t bytes : {0u, 1u, 1500u, 46500u, 268900u}) {
      const std::uint64_t sendUs = 10000000 + bytes * 10;  // idle link each time
      const LinkDelivery d = uplink.schedule(bytes, sendUs);
      QVERIFY(!d.dropped);
      QVERIFY2(std::fabs(double(d.deliveryUs - sendUs) - expectedUs(bytes, 21100, 1.4)) <= 1.0,
               qPrintable(QString("bytes %1: %2 us").arg(bytes).arg(d.deliveryUs - sendUs)));
      QCOMPARE(d.deliveryUs - d.departureUs, std::uint64_t(700));
    }
  }

  void backToBackMessagesQueueOnTheLink() {
    auto clock = std::make_shared<ManualClock>();
    LinkEmulator link(8000, 10, 1, clock);  // 1 byte per µs, 5 ms one way
    QCOMPARE(link.schedule(20000, 0).deliveryUs, std::uint64_t(25000));
    QCOMPARE(link.schedule(20000, 0).deliveryUs, std::uint64_t(45000));
    clock->set(30000);
    QCOMPARE(link.schedule(1000).deliveryUs, std::uint64_t(46000));  // schedule(bytes) reads the clock
  }

  void jitterKeepsOrderAndBounds() {
    auto clock = std::make_shared<ManualClock>();
    LinkEmulator link(100000, 2, 42, clock);
    link.setJitterMs(5);
    std::uint64_t last = 0;
    int jittered = 0;
    for (int i = 0; i < 200; ++i) {
      const LinkDelivery d = link.schedule(100, std::uint64_t(i) * 1000);
      QVERIFY(d.deliveryUs >= last);
      QVERIFY(d.deliveryUs >= d.departureUs + 1000);
      QVERIFY(d.deliveryUs <= d.departureUs + 1000 + 5000);
      jittered += d.deliveryUs > d.departureUs + 1000 ? 1 : 0;
      last = d.deliveryUs;
    }
    QVERIFY(jittered > 150);
  }

  void sameSeedSameTimes() {
    auto clock = std::make_shared<ManualClock>();
    LinkEmulator a(5000, 3, 99, clock);
    LinkEmulator b(5000, 3, 99, clock);
    LinkEmulator c(5000, 3, 100, clock);
    bool differs = false;
    for (LinkEmulator* e : {&a, &b, &c}) {
      e->setJitterMs(4);
      e->setLossPercent(20);
    }
    for (int i = 0; i < 50; ++i) {
      const auto da = a.schedule(300, std::uint64_t(i) * 10000);
      const auto db = b.schedule(300, std::uint64_t(i) * 10000);
      const auto dc = c.schedule(300, std::uint64_t(i) * 10000);
      QCOMPARE(da.deliveryUs, db.deliveryUs);
      QCOMPARE(da.dropped, db.dropped);
      differs = differs || da.deliveryUs != dc.deliveryUs || da.dropped != dc.dropped;
    }
    QVERIFY(differs);
  }

  void lossIsCountedAndNearTheRate() {
    auto clock = std::make_shared<ManualClock>();
    LinkEmulator link(100000, 1, 3, clock);
    link.setLossPercent(30);
    int dropped = 0;
    for (int i = 0; i < 2000; ++i) dropped += link.schedule(10, std::uint64_t(i) * 100).dropped ? 1 : 0;
    QVERIFY2(dropped > 500 && dropped < 700, qPrintable(QString::number(dropped)));
    const auto stats = link.stats();
    QCOMPARE(int(stats.droppedMessages), dropped);
    QCOMPARE(int(stats.messages), 2000);
    QCOMPARE(int(stats.bytes), 20000);
  }

  void badSettingsThrow() {
    QVERIFY_THROWS_EXCEPTION(Error, LinkEmulator(0, 1));
    QVERIFY_THROWS_EXCEPTION(Error, LinkEmulator(1000, -1));
    LinkEmulator link(1000, 1);
    QVERIFY_THROWS_EXCEPTION(Error, link.setLossPercent(120));
    QVERIFY_THROWS_EXCEPTION(Error, link.setJitterMs(std::nan("")));
    QVERIFY_THROWS_EXCEPTION(Error, link.setBandwidthKbps(-3));
    QCOMPARE(link.bandwidthKbps(), 1000.0);
  }

  void duplexStatsMeasureWhatLeftTheLink() {
    auto clock = std::make_shared<ManualClock>();
    DuplexLink link(LinkProfile::parse("up=8,down=80,rtt=2"), 5, clock);
    const LinkDelivery up = link.uplink().schedule(500000, 0);
    QCOMPARE(up.deliveryUs, std::uint64_t(501000));
    link.downlink().schedule(1000, 0);
    clock->set(250000);
    LinkStats s = link.stats();
    QCOMPARE(s.atUs, std::uint64_t(250000));
    QCOMPARE(s.uplink.measuredKbps, 0.0);  // still on the wire
    QCOMPARE(s.uplink.backlogMs, 250.0);
    QCOMPARE(s.uplink.bandwidthKbps, 8000.0);
    QCOMPARE(s.downlink.measuredKbps, 8.0);  // 1000 bytes left at 100 µs
    QCOMPARE(int(s.downlink.messages), 1);
    clock->set(600000);
    s = link.stats();
    QCOMPARE(s.uplink.measuredKbps, 4000.0);
    QCOMPARE(s.uplink.backlogMs, 0.0);
    QCOMPARE(int(s.uplink.bytes), 500000);
    clock->set(1600000);
    QCOMPARE(link.stats().uplink.measuredKbps, 0.0);  // out of the 1-s window
    QVERIFY(link.stats().profile == LinkProfile::parse("up=8,down=80,rtt=2"));
  }

  void duplexKnobsReconfigure() {
    auto clock = std::make_shared<ManualClock>();
    DuplexLink link(LinkProfile(), 1, clock);
    QCOMPARE(link.uplink().bandwidthKbps(), 21100.0);
    QCOMPARE(link.downlink().bandwidthKbps(), 78000.0);
    QCOMPARE(link.apply("link.uplinkMbps", 10), 10.0);
    QCOMPARE(link.uplink().bandwidthKbps(), 10000.0);
    QCOMPARE(link.apply("link.rttMs", 40), 40.0);
    QCOMPARE(link.downlink().rttMs(), 40.0);
    QCOMPARE(link.profile().uplinkKbps, 10000.0);
    QVERIFY_THROWS_EXCEPTION(Error, link.apply("link.nope", 1));
    LinkProfile bad;
    bad.lossPercent = 150;
    QVERIFY_THROWS_EXCEPTION(Error, link.setProfile(bad));
    QVERIFY_THROWS_EXCEPTION(Error, DuplexLink(bad, 1));
    QCOMPARE(link.profile().lossPercent, 0.0);
  }

  void delayUntilSleepsAtLeastUntilTheTime() {
    const auto clock = LinkClock::steady();
    const std::uint64_t due = clock->nowUs() + 20000;
    delayUntil(due);
    QVERIFY(clock->nowUs() >= due);
    const auto before = std::chrono::steady_clock::now();
    delayUntil(0);  // long past: returns at once (no upper bound checked, only that it returns)
    QVERIFY(std::chrono::steady_clock::now() >= before);
  }

  void delayQueueReleasesInTimeOrder() {
    std::mutex mutex;
    std::vector<Released> released;
    DelayQueue<int> queue(16, [&](int&& v) {
      std::lock_guard<std::mutex> lock(mutex);
      released.push_back({v, LinkClock::steady()->nowUs(), currentThreadName()});
    });
    const std::uint64_t t0 = LinkClock::steady()->nowUs();
    const std::vector<std::pair<int, std::uint64_t>> items = {
        {3, t0 + 60000}, {1, t0 + 20000}, {2, t0 + 40000}, {11, t0 + 20000}, {0, 0}};
    for (const auto& item : items) QVERIFY(queue.push(item.first, item.second));
    for (int i = 0; i < 500; ++i) {
      {
        std::lock_guard<std::mutex> lock(mutex);
        if (released.size() == items.size()) break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::lock_guard<std::mutex> lock(mutex);
    QCOMPARE(int(released.size()), 5);
    const int order[] = {0, 1, 11, 2, 3};
    for (int i = 0; i < 5; ++i) {
      QCOMPARE(released[i].value, order[i]);
      QCOMPARE(QString::fromStdString(released[i].thread), QString("es-link"));
      for (const auto& item : items) {
        if (item.first == released[i].value) QVERIFY(released[i].atUs >= item.second);
      }
    }
  }

  void delayQueueIsBoundedAndStops() {
    std::atomic<int> delivered{0};
    DelayQueue<std::string> queue(2, [&](std::string&&) { ++delivered; });
    const std::uint64_t later = LinkClock::steady()->nowUs() + 60000000;
    QVERIFY(queue.push("a", later));
    QVERIFY(queue.push("b", later));
    QVERIFY(!queue.push("c", later));
    QCOMPARE(int(queue.size()), 2);
    QCOMPARE(int(queue.stop()), 2);
    QVERIFY(!queue.push("d", 0));
    QCOMPARE(int(queue.stop()), 0);
    QCOMPARE(delivered.load(), 0);
  }

  void delayQueueSurvivesAThrowingCallback() {
    std::atomic<int> delivered{0};
    DelayQueue<int> queue(4, [&](int&& v) {
      if (v == 1) throw Error("bad item");
      ++delivered;
    });
    QVERIFY(queue.push(1, 0));
    QVERIFY(queue.push(2, 0));
    for (int i = 0; i < 500 && delivered.load() < 1; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    QCOMPARE(delivered.load(), 1);
    QCOMPARE(int(queue.deliveryErrors()), 1);
  }
};

QTEST_APPLESS_MAIN(TestLinkEmulator)
#include "TestLinkEmulator.moc"
