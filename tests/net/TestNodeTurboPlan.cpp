// NodeTurbo, the node's Turbo planner over its queue (issue 21), on a fake clock with a synthetic latency profile
// (heads 5 ms, exit κ 5 + 4κ ms) and a gain profile that grows with the exit: due times from reply_within_ms,
// deadline_ms or the peer's interval; a generous due time takes the deepest exit; a queued request's due time caps
// the exit at what its slack allows, as do a paced peer's next request and an unannounced one's possible request, and
// unknown service times give exit 0; an enhancer slower than predicted, or other processes' load, makes the plans
// shallower; the yield points continue, keep the blocks run so far, or drop to the plain heads as a new request's
// due time tightens.
#include <QtTest>

#include "net/NodeTurbo.h"
#include "turbo/TurboController.h"

using namespace edgescope;

namespace {

GainProfile growingGains() {
  std::vector<std::vector<double>> table(GainProfile::kBucketCount, std::vector<double>(6));
  for (auto& row : table)
    for (int exit = 0; exit <= 5; ++exit) row[static_cast<std::size_t>(exit)] = exit;
  return GainProfile(table);
}

LatencyProfile synthetic() {
  std::vector<std::vector<std::vector<double>>> times(1);
  for (int exit = 0; exit <= 5; ++exit) times[0].push_back({5.0 + 4.0 * exit});
  return LatencyProfile("cpu", 1, "sha", 0.0, times);
}

wire::Envelope detect(std::uint32_t withinMs, std::uint32_t deadlineMs = 0) {
  wire::Envelope envelope;
  envelope.set_deadline_ms(deadlineMs);
  envelope.mutable_detect_request()->set_reply_within_ms(withinMs);
  return envelope;
}

/// A controller with every frame hard, and a planner on the fake clock (margin 2 ms, no slowdown).
struct Fixture {
  double nowMs = 1000.0;
  TurboController controller{growingGains(), synthetic(), 0.0};
  double idleShare = 1.0;
  NodeTurbo turbo{controller, 1.0, 2.0, [this] { return nowMs; }, [this] { return idleShare; }};
  std::vector<NodeTurboJob> queue;

  Fixture() {
    controller.config().enabled = true;
    controller.setExitPolicy(&turbo);
  }
  /// One plain detect request of @p serviceMs, so that queued requests have a known time.
  void servePlain(double serviceMs) {
    turbo.beginJob(turbo.admit("warm", detect(0), nowMs), nowMs, {});
    turbo.endJob(serviceMs);
  }
  /// Starts a request arriving now with @p withinMs and runs its encoder pass (10 ms); returns its exit.
  int start(std::uint32_t withinMs) {
    turbo.beginJob(turbo.admit("cam", detect(withinMs), nowMs), nowMs, [this] { return queue; });
    nowMs += 10.0;
    return controller.chooseExit(0.9, nullptr);
  }
  /// A request of a peer of its own arriving now (no interval: one request per peer).
  NodeTurboJob queued(std::uint32_t withinMs) {
    return turbo.admit("other" + std::to_string(++peers), detect(withinMs), nowMs);
  }
  int peers = 0;
};

}  // namespace

class TestNodeTurboPlan : public QObject {
  Q_OBJECT

 private slots:
  void dueTimes() {
    Fixture f;
    const NodeTurboJob within = f.turbo.admit("a", detect(80, 300), 100.0);
    QCOMPARE(within.dueMs, 180.0);
    QCOMPARE(within.startByMs, 400.0);
    const NodeTurboJob deadline = f.turbo.admit("b", detect(0, 300), 100.0);
    QCOMPARE(deadline.dueMs, 400.0);
    const NodeTurboJob first = f.turbo.admit("c", detect(0), 100.0);
    QVERIFY(std::isnan(first.dueMs));
    QVERIFY(std::isnan(first.startByMs));
    const NodeTurboJob second = f.turbo.admit("c", detect(0), 200.0);  // the peer's interval: 100 ms
    QCOMPARE(second.dueMs, 300.0);
    const NodeTurboJob gap = f.turbo.admit("c", detect(0), 200.0 + NodeTurbo::kMaxIntervalMs + 1.0);
    QCOMPARE(gap.dueMs, 200.0 + NodeTurbo::kMaxIntervalMs + 1.0 + 100.0);  // a long gap does not count
  }

  void generousDueTimeTakesDeepestExit() {
    Fixture f;
    QCOMPARE(f.start(200), 0);  // nothing measured yet: the next request's time is unknown
    f.servePlain(20.0);
    QCOMPARE(f.start(200), 5);
    QCOMPARE(f.turbo.outcome().plannedExit, 5);
    QVERIFY(f.controller.last().budgetMs > 20.0);
  }

  void withoutDueTimeStaysPlain() {
    Fixture f;
    QCOMPARE(f.start(0), 0);  // first request of the peer: no interval known yet
  }

  void queuedRequestCapsTheExit() {
    Fixture f;
    f.servePlain(20.0);
    // Running request due in 200 ms; the one queued behind it (20 ms) due 40 ms after now: finish 1017 + 20 = 1037,
    // slack 3 − margin 2 = 1 ms, less than any exit's 4 ms.
    f.queue = {f.queued(40)};
    QCOMPARE(f.start(200), 0);
    QVERIFY(!f.controller.last().behind);
    // 50 ms: slack 11 ms, room for exit 2 (8 ms) but not exit 3 (12 ms).
    f.queue = {f.queued(50)};
    QCOMPARE(f.start(200), 2);
    // 30 ms: late even plain (behind), exit 0.
    f.queue = {f.queued(30)};
    QCOMPARE(f.start(200), 0);
    QVERIFY(f.controller.last().behind);
  }

  void pacedPeerNextRequestCapsTheExit() {
    Fixture f;
    f.servePlain(20.0);
    f.turbo.admit("paced", detect(25), 970.0);  // a stream every 30 ms, due 25 ms after arrival (served already)
    f.turbo.admit("paced", detect(25), 1000.0);
    // Its next request arrives at 1030, due 1055: the running request ends at 1017 + extra, then 20 ms for it; the
    // 13 ms idle before it arrives absorb part of the extra: 1055 − 2 − (1030 + 20) + 13 = 16 ms, exit 4.
    QCOMPARE(f.start(200), 4);
  }

  void slowEnhancerPlansShallower() {
    Fixture f;
    f.servePlain(20.0);
    QCOMPARE(f.start(200), 5);
    f.controller.endFrame(5, 50.0, 0.0, false);  // twice the predicted 25 ms: risk factor 2
    // As in queuedRequestCapsTheExit, 11 ms of slack, but only 5.5 ms of it for the profile's times: exit 1, not 2.
    f.queue = {f.queued(50)};
    QCOMPARE(f.start(200), 1);
  }

  void otherLoadShrinksTheBudget() {
    Fixture f;
    f.idleShare = 0.5;  // another process holds half the cores: half the slack for the enhancer
    f.servePlain(20.0);
    f.queue = {f.queued(80)};  // finish 1017 + 20, due 1080 − 2: 41 ms of slack, 20.5 ms of budget: exit 5 needs 20
    QCOMPARE(f.start(200), 5);
    f.nowMs += NodeTurbo::kIdleSampleMs;  // /proc/stat is read again
    f.idleShare = 0.25;
    f.queue = {f.queued(70)};  // finish 1227 + 20, due 1280 − 2: 31 ms of slack, 7.75 ms of budget: exit 1
    QCOMPARE(f.start(200), 1);
  }

  void unannouncedPeerCapsTheLastBlock() {
    // A peer seen once (no interval) may send at any moment: just after the last yield point its request would wait
    // for the last block (4 ms) and the tail (7 ms), then take 20 ms itself.
    Fixture f;
    f.servePlain(20.0);
    f.turbo.admit("shy", detect(40), 990.0);  // 31 ms ≤ 40 − 2: no cap
    QCOMPARE(f.start(200), 5);
    f.turbo.admit("shier", detect(30), 1010.0);  // 31 ms > 30 − 2: not even exit 1
    QCOMPARE(f.start(200), 0);
  }

  void unknownServiceTimeStaysPlain() {
    Fixture f;
    f.queue = {f.queued(500)};  // no request measured yet
    QCOMPARE(f.start(500), 0);
  }

  void yieldPoints() {
    // Planned exit 5 (25 ms); after block 2, 4 ms into the enhancement (t = 1014): finishing exit 5 ends at 1037,
    // keeping the 2 blocks (exit 2, 13 ms) at 1025, the plain heads at 1021; the queued request (20 ms) after that,
    // due at 1014 + withinMs, less the 2 ms margin.
    const struct {
      std::uint32_t withinMs;
      TurboYield expected;
    } cases[] = {{56, TurboYield::Continue}, {41, TurboYield::KeepCompleted}, {30, TurboYield::Plain}};
    for (const auto& c : cases) {
      Fixture f;
      f.servePlain(20.0);
      QCOMPARE(f.start(200), 5);
      f.nowMs += 4.0;
      QCOMPARE(f.controller.atBlock(2, 5, 4.0), TurboYield::Continue);  // nothing queued: go on
      f.queue = {f.queued(c.withinMs)};                                 // arrived while enhancing (at 1014)
      QCOMPARE(f.controller.atBlock(2, 5, 4.0), c.expected);
      QCOMPARE(f.turbo.outcome().yielded, c.expected != TurboYield::Continue);
    }
  }

  void serviceTimesLearnFromEnhancedRequests() {
    Fixture f;
    f.servePlain(20.0);
    QCOMPARE(f.start(200), 5);
    f.controller.endFrame(5, 25.0, 0.0, false);
    QCOMPARE(f.turbo.outcome().exit, 5);
    QCOMPARE(f.turbo.outcome().enhanceMs, 25.0);
    f.turbo.endJob(40.0);  // 40 ms with the enhancement: 20 ms of it was extra over the heads
    // A detect request is now predicted at 40 − 20 = 20 ms and the compute after the choice at 40 − 10 − 20 = 10 ms:
    // a queued request due 40 ms out is late even plain (1030 + 20 > 1050 − 2); 50 ms out leaves 8 ms (exit 2).
    f.queue = {f.queued(40)};
    QCOMPARE(f.start(200), 0);
    f.queue = {f.queued(50)};
    QVERIFY(f.start(200) > 0);
  }
};

QTEST_GUILESS_MAIN(TestNodeTurboPlan)
#include "TestNodeTurboPlan.moc"
