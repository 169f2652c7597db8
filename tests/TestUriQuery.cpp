// Unit tests for URI option parsing, JSON writing, parameter sanitising and the reconnect policy pieces.
#include <QtTest>

#include "session/ParameterRegistry.h"
#include "source/ExponentialBackoff.h"
#include "source/StallDetector.h"
#include "util/Error.h"
#include "util/UriQuery.h"

using namespace edgescope;

class TestUriQuery : public QObject {
  Q_OBJECT
 private slots:
  void parsesTypedValues() {
    const auto q = UriQuery::parse("synthetic:?seed=7&blur=1.5&name=x");
    QCOMPARE(q.getInt("seed", 0, 0, 100), 7);
    QCOMPARE(q.getDouble("blur", 0, 0, 10), 1.5);
    QCOMPARE(q.getString("name", ""), std::string("x"));
    QCOMPARE(q.getInt("absent", 42, 0, 100), 42);
  }
  void errorsNameTheKey() {
    const auto q = UriQuery::parse("synthetic:?people=abc&width=99999");
    try {
      q.getInt("people", 0, 0, 10);
      QFAIL("no error");
    } catch (const Error& e) {
      QVERIFY(QString(e.what()).contains("'people'"));
    }
    QVERIFY_THROWS_EXCEPTION(Error, q.getInt("width", 0, 64, 4096));
    QVERIFY_THROWS_EXCEPTION(Error, UriQuery::parse("synthetic:?novalue"));
    QVERIFY_THROWS_EXCEPTION(Error, UriQuery::parse("synthetic:?a=1").requireKnownKeys("b,c"));
  }
  void parameterValuesAreClampedAndSnapped() {
    ParameterRegistry registry;
    registry.declare({"k", "K", 1, 60, 1, 10, "frames", ""});
    QCOMPARE(registry.set("k", 100), 60.0);
    QCOMPARE(registry.set("k", 7.4), 7.0);
    QCOMPARE(registry.set("k", -3), 1.0);
    QVERIFY_THROWS_EXCEPTION(Error, registry.set("nope", 1));
    QVERIFY_THROWS_EXCEPTION(Error, registry.declare({"k", "K", 0, 1, 1, 0, "", ""}));
  }
  void backoffDoublesUpToCeilingAndResets() {
    ExponentialBackoff backoff(100, 1000);
    QCOMPARE(backoff.nextDelayMs(), 100.0);
    QCOMPARE(backoff.nextDelayMs(), 200.0);
    QCOMPARE(backoff.nextDelayMs(), 400.0);
    QCOMPARE(backoff.nextDelayMs(), 800.0);
    QCOMPARE(backoff.nextDelayMs(), 1000.0);
    QCOMPARE(backoff.failures(), 5);
    backoff.reset();
    QCOMPARE(backoff.nextDelayMs(), 100.0);
  }
  void stallDetectorSeparatesDeadFromSlow() {
    StallDetector detector(500, 25);  // 10 frames at 25 fps = 400 ms < 500 ms floor
    QCOMPARE(detector.timeoutMs(), 500.0);
    detector.onConnected(0);
    // Frames keep arriving every 40 ms (the pipeline may be slow; that does not matter): never stalled.
    for (double t = 40; t <= 2000; t += 40) {
      detector.onFrame(t);
      QVERIFY(!detector.stalled(t + 39));
    }
    // The source goes silent: stalled only after the timeout.
    QVERIFY(!detector.stalled(2000 + 499));
    QVERIFY(detector.stalled(2000 + 501));
    QCOMPARE(StallDetector(100, 5).timeoutMs(), 2000.0);  // slow sources get 10 frame intervals
  }
};

QTEST_APPLESS_MAIN(TestUriQuery)
#include "TestUriQuery.moc"
