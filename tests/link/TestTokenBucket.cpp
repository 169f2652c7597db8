// TokenBucket: exact departure times on a FIFO link — serialisation of back-to-back messages, an idle link that
// starts afresh, bursts, rate changes, clock values that run backwards, concurrent senders.
#include <QtTest>
#include <cmath>
#include <cstdint>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "link/TokenBucket.h"
#include "util/Error.h"

using namespace edgescope;

namespace {
constexpr double kEightMbps = 8e6;  // 1 byte per µs
}

class TestTokenBucket : public QObject {
  Q_OBJECT

 private slots:
  void oneMegabyteAtEightMbpsTakesOneSecond() {
    TokenBucket bucket(kEightMbps);
    QCOMPARE(bucket.reserve(1000000, 0), std::uint64_t(1000000));
    QCOMPARE(bucket.busyUntilUs(), std::uint64_t(1000000));
  }

  void backToBackMessagesQueue() {
    TokenBucket bucket(kEightMbps);
    QCOMPARE(bucket.reserve(125000, 0), std::uint64_t(125000));
    QCOMPARE(bucket.reserve(125000, 0), std::uint64_t(250000));
    QCOMPARE(bucket.reserve(125000, 10), std::uint64_t(375000));
    QCOMPARE(bucket.reserve(125000, 300000), std::uint64_t(500000));  // sent while the link is still busy
    QCOMPARE(bucket.reserve(0, 300000), std::uint64_t(500000));       // an empty message waits its turn too
  }

  void idleLinkStartsAfresh() {
    TokenBucket bucket(kEightMbps);
    QCOMPARE(bucket.reserve(1000000, 0), std::uint64_t(1000000));
    // Idle for 4 s: no credit piles up without a burst, and the old backlog is gone.
    QCOMPARE(bucket.reserve(1000, 5000000), std::uint64_t(5001000));
    QCOMPARE(bucket.busyUntilUs(), std::uint64_t(5001000));
  }

  void paperTestbedUplink() {
    // SO sends 46.5 KB per frame (Table VII) over the 21.1 Mbps uplink: 17.63 ms of serialisation.
    TokenBucket bucket(21.1e6);
    const double expectedUs = 46500 * 8 / 21.1e6 * 1e6;
    QVERIFY(std::fabs(double(bucket.reserve(46500, 1000000)) - 1000000 - expectedUs) <= 1.0);
  }

  void burstLeavesAtOnceThenDebtIsPaid() {
    TokenBucket bucket(kEightMbps, 10000);
    QCOMPARE(bucket.reserve(5000, 0), std::uint64_t(0));        // within the full bucket
    QCOMPARE(bucket.reserve(10000, 0), std::uint64_t(5000));    // 5000 bytes of debt
    QCOMPARE(bucket.reserve(1000, 2000), std::uint64_t(6000));  // behind the debt
    // After a long idle the bucket is full again, but never fuller than the burst.
    QCOMPARE(bucket.reserve(10000, 1000000), std::uint64_t(1000000));
    QCOMPARE(bucket.reserve(1, 1000000), std::uint64_t(1000001));
  }

  void largerThanBurst() {
    TokenBucket bucket(kEightMbps, 1500);
    QCOMPARE(bucket.reserve(1000000, 0), std::uint64_t(1000000 - 1500));
  }

  void rateChangeAppliesToTheQueuedBytes() {
    TokenBucket bucket(kEightMbps);
    QCOMPARE(bucket.reserve(1000000, 0), std::uint64_t(1000000));
    bucket.setRate(4e6, 500000);  // 500000 bytes left, now at 0.5 byte/µs
    QCOMPARE(bucket.busyUntilUs(), std::uint64_t(1500000));
    QCOMPARE(bucket.rateBitsPerSecond(), 4e6);
  }

  void timeNeverRunsBackwards() {
    TokenBucket bucket(kEightMbps);
    QCOMPARE(bucket.reserve(100, 1000), std::uint64_t(1100));
    QCOMPARE(bucket.reserve(100, 500), std::uint64_t(1200));  // taken as sent at 1000
  }

  void badArgumentsThrow() {
    QVERIFY_THROWS_EXCEPTION(Error, TokenBucket(0));
    QVERIFY_THROWS_EXCEPTION(Error, TokenBucket(-5));
    QVERIFY_THROWS_EXCEPTION(Error, TokenBucket(std::nan("")));
    QVERIFY_THROWS_EXCEPTION(Error, TokenBucket(1e6, -1));
    TokenBucket bucket(1e6);
    QVERIFY_THROWS_EXCEPTION(Error, bucket.setRate(0, 0));
    QVERIFY_THROWS_EXCEPTION(Error, bucket.setBurstBytes(INFINITY));
    QCOMPARE(bucket.rateBitsPerSecond(), 1e6);
  }

  void concurrentSendersShareTheLink() {
    TokenBucket bucket(kEightMbps);
    std::mutex mutex;
    std::set<std::uint64_t> departures;
    std::vector<std::thread> senders;
    for (int t = 0; t < 4; ++t) {
      senders.emplace_back([&] {
        for (int i = 0; i < 1000; ++i) {
          const std::uint64_t at = bucket.reserve(1000, 0);
          std::lock_guard<std::mutex> lock(mutex);
          departures.insert(at);
        }
      });
    }
    for (auto& s : senders) s.join();
    QCOMPARE(int(departures.size()), 4000);  // every message got its own slot
    QCOMPARE(*departures.begin(), std::uint64_t(1000));
    QCOMPARE(*departures.rbegin(), std::uint64_t(4000000));
  }
};

QTEST_APPLESS_MAIN(TestTokenBucket)
#include "TestTokenBucket.moc"
