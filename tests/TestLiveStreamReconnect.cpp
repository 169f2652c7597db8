// A live HTTP MJPEG stream served by the test itself: frames flow, the stream is cut, the source reports
// reconnecting (with backoff) rather than dying, and frames flow again once the server is back.
#include <QtTest>

#include "TestPrinters.h"

#include "MjpegTestServer.h"
#include "core/Stopwatch.h"
#include "source/SourceFactory.h"
#include "util/Error.h"

using namespace edgescope;

class TestLiveStreamReconnect : public QObject {
  Q_OBJECT
 private:
  static LiveCaptureOptions fastOptions() {
    LiveCaptureOptions options;
    options.openTimeoutMs = 2000;
    options.readTimeoutMs = 1000;
    options.stallTimeoutMs = 500;
    options.backoffInitialMs = 100;
    options.backoffMaxMs = 400;
    return options;
  }
  /// Reads frames for up to @p ms; returns how many arrived.
  static int readFor(VideoSource& source, double ms) {
    int frames = 0;
    Stopwatch clock;
    SourceFrame frame;
    while (clock.elapsedMs() < ms) {
      if (source.read(frame, 50) == ReadStatus::Frame) ++frames;
    }
    return frames;
  }

 private slots:
  void reconnectsAfterTheStreamIsCut() {
    MjpegTestServer server(25, 160, 120);
    QVERIFY(server.listen());
    auto source = SourceFactory::open(server.url(), {}, fastOptions());
    QCOMPARE(source->info().kind, std::string("stream"));
    QVERIFY(source->info().live);
    QCOMPARE(source->info().width, 160);
    QVERIFY(readFor(*source, 800) > 5);
    QCOMPARE(source->health().state, SourceState::Ok);

    server.cut();
    bool sawReconnecting = false;
    Stopwatch clock;
    while (clock.elapsedMs() < 5000 && !sawReconnecting) {
      readFor(*source, 100);
      const auto health = source->health();
      sawReconnecting = health.state == SourceState::Reconnecting && health.reconnectAttempts > 0;
    }
    QVERIFY2(sawReconnecting, "source did not report reconnecting after the cut");
    QVERIFY(!source->health().lastError.empty());

    QVERIFY(server.listen());
    int frames = 0;
    clock.restart();
    while (clock.elapsedMs() < 10000 && frames < 5) frames += readFor(*source, 200);
    QVERIFY2(frames >= 5, "no frames after the server came back");
    QCOMPARE(source->health().state, SourceState::Ok);
    QVERIFY(source->health().reconnects >= 1);
    QVERIFY(server.connections() >= 2);
  }
  void slowConsumerDropsFramesButIsNotStalled() {
    MjpegTestServer server(25, 160, 120);
    QVERIFY(server.listen());
    auto source = SourceFactory::open(server.url(), {}, fastOptions());
    SourceFrame frame;
    for (int i = 0; i < 4; ++i) {
      QTest::qSleep(300);  // a pipeline much slower than the source
      source->read(frame, 200);
      QVERIFY(source->health().state != SourceState::Stalled);
    }
    QVERIFY(source->health().droppedFrames > 5);
  }
  void unreachableStreamIsAClearError() {
    MjpegTestServer server(25, 64, 64);
    QVERIFY(server.listen());
    const std::string url = server.url();
    server.cut();
    LiveCaptureOptions options = fastOptions();
    options.openTimeoutMs = 500;
    try {
      SourceFactory::open(url, {}, options);
      QFAIL("no error");
    } catch (const Error& e) {
      QVERIFY(QString(e.what()).contains(QString::fromStdString(url)));
    }
  }
  void missingCameraIsAClearError() {
    try {
      SourceFactory::open("camera:63");
      QFAIL("no error");
    } catch (const Error& e) {
      QVERIFY(QString(e.what()).contains("camera 63"));
    }
    QVERIFY_THROWS_EXCEPTION(Error, SourceFactory::open("camera:abc"));
  }
};

QTEST_APPLESS_MAIN(TestLiveStreamReconnect)
#include "TestLiveStreamReconnect.moc"
