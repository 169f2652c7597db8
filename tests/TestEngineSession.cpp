// The engine thread's contract: commands are applied between frames and echoed, snapshots are immutable and arrive
// through a latest-value mailbox, the engine never waits for its consumer, and bad sources never kill the thread.
#include <QDirIterator>
#include <QTemporaryDir>
#include <QtTest>

#include "SourceTestUtil.h"
#include "TestPrinters.h"
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "session/EngineSession.h"

using namespace edgescope;

namespace {

std::string writeVideo(const QTemporaryDir& dir, int frames) {
  const std::string path = dir.filePath("clip.avi").toStdString();
  cv::VideoWriter writer(path, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 25.0, cv::Size(96, 64));
  for (int i = 0; i < frames; ++i) {
    cv::Mat image(64, 96, CV_8UC3, cv::Scalar(i * 4 % 255, 80, 80));
    writer.write(image);
  }
  return path;
}

/// Waits up to @p timeoutMs for a snapshot newer than @p seen (QTRY_* would evaluate a taking expression twice).
std::shared_ptr<const FrameSnapshot> waitForFrame(EngineSession& session, std::uint64_t& seen, int timeoutMs = 5000) {
  QDeadlineTimer deadline(timeoutMs);
  while (!deadline.hasExpired()) {
    if (auto snapshot = session.takeFrameIfNewer(seen)) return snapshot;
    QTest::qWait(5);
  }
  return nullptr;
}

bool hasEvent(const std::vector<EngineEvent>& events, EngineEvent::Type type) {
  for (const auto& e : events) {
    if (e.type == type) return true;
  }
  return false;
}

}  // namespace

class TestEngineSession : public QObject {
  Q_OBJECT
 private:
  QTemporaryDir dir_;
  std::string video_;

 private slots:
  void initTestCase() { video_ = writeVideo(dir_, 60); }

  void declaresParametersForTheUi() {
    EngineSession session;
    bool speed = false;
    for (const auto& spec : session.parameterSpecs()) {
      QVERIFY(!spec.id.empty());
      QVERIFY(spec.maxValue >= spec.minValue);
      speed = speed || spec.id == "playback.speed";
    }
    QVERIFY(speed);
    QCOMPARE(session.status()->state, PlayState::Idle);
  }

  void playsPausesSeeksAndSteps() {
    EngineSession session;  // paced: 60 frames at 25 fps take 2.4 s, so pause lands mid-file
    session.post(EngineCommand::openSource(video_));
    std::uint64_t seen = 0;
    std::shared_ptr<const FrameSnapshot> snapshot;
    QVERIFY((snapshot = waitForFrame(session, seen)) != nullptr);
    QVERIFY(hasEvent(session.takeEvents(), EngineEvent::Type::SourceOpened));
    QCOMPARE(snapshot->frame.image.cols, 96);
    QVERIFY(snapshot->latency.stageMs("decode") >= 0);

    session.post(EngineCommand::pause());
    QTRY_COMPARE_WITH_TIMEOUT(session.status()->state, PlayState::Paused, 5000);
    QTest::qWait(100);
    session.takeFrameIfNewer(seen);
    QTest::qWait(200);
    QVERIFY(session.takeFrameIfNewer(seen) == nullptr);  // paused: nothing new

    session.post(EngineCommand::seek(10));
    QVERIFY((snapshot = waitForFrame(session, seen)) != nullptr);
    QCOMPARE(snapshot->frame.number, std::int64_t(10));
    session.post(EngineCommand::step());
    QVERIFY((snapshot = waitForFrame(session, seen)) != nullptr);
    QCOMPARE(snapshot->frame.number, std::int64_t(11));
    QCOMPARE(session.status()->state, PlayState::Paused);

    session.post(EngineCommand::play());
    QTRY_COMPARE_WITH_TIMEOUT(session.status()->state, PlayState::Ended, 10000);
    QVERIFY(hasEvent(session.takeEvents(), EngineEvent::Type::EndOfStream));
    QCOMPARE(session.status()->currentFrame, std::int64_t(60));
  }

  void parameterChangesAreSanitisedAndEchoed() {
    EngineSession session;
    session.post(EngineCommand::setParameter("playback.speed", 100.0));
    session.post(EngineCommand::setParameter("no.such.parameter", 1.0));
    std::vector<EngineEvent> events;
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
      for (auto& e : session.takeEvents()) events.push_back(e);
      return events.size() >= 2;
    }()), 5000);
    QCOMPARE(events[0].type, EngineEvent::Type::ParameterApplied);
    QCOMPARE(events[0].parameterId, std::string("playback.speed"));
    QCOMPARE(events[0].value, 8.0);
    QCOMPARE(events[1].type, EngineEvent::Type::Warning);
    QVERIFY(QString::fromStdString(events[1].message).contains("no.such.parameter"));
    QTRY_COMPARE(session.status()->parameters.at("playback.speed"), 8.0);
  }

  void deepScaleKnobsAreEchoedTogether() {
    EngineSession session;
    session.post(EngineCommand::setParameter("deepscale.preset", 1.0));  // C1 sets every γ
    QTRY_COMPARE(session.status()->parameters.at("deepscale.preset"), 1.0);
    QTRY_COMPARE(session.status()->parameters.at("deepscale.gamma3"), 1.0);
    QCOMPARE(session.status()->parameters.at("deepscale.gamma1"), 0.0);
    session.post(EngineCommand::setParameter("deepscale.gamma1", 0.5));  // a free γ makes the preset "custom"
    QTRY_COMPARE(session.status()->parameters.at("deepscale.gamma1"), 0.5);
    QTRY_COMPARE(session.status()->parameters.at("deepscale.preset"), 0.0);
    session.post(EngineCommand::setParameter("deepscale.k", 500.0));  // sanitised to the declared range
    QTRY_COMPARE(session.status()->parameters.at("deepscale.k"), 60.0);
    QVERIFY(!session.status()->deepscale.active);  // no pipeline with a DeepScale detector
  }
  void neverBlocksOnASlowConsumer() {
    EngineSession session;
    session.post(EngineCommand::setParameter("playback.paced", 0));
    session.post(EngineCommand::openSource(video_));
    // Nobody reads frames: the engine must still run to the end, replacing unread snapshots.
    QTRY_COMPARE_WITH_TIMEOUT(session.status()->state, PlayState::Ended, 10000);
    QTRY_VERIFY(session.status()->stats.framesProcessed == 60);
    std::uint64_t seen = 0;
    const auto last = session.takeFrameIfNewer(seen);
    QVERIFY(last != nullptr);
    QCOMPARE(last->frame.number, std::int64_t(60));
    QVERIFY(last->stats.displaySkippedFrames > 0);
    QCOMPARE(seen, last->sequence);
  }

  void snapshotsOutliveTheSession() {
    std::shared_ptr<const FrameSnapshot> kept;
    {
      EngineSession session;
      session.post(EngineCommand::openSource(video_));
      std::uint64_t seen = 0;
      QVERIFY((kept = waitForFrame(session, seen)) != nullptr);
    }
    QCOMPARE(kept->frame.image.rows, 64);  // still valid after the engine thread is gone
  }

  void badSourceFailsCleanlyAndTheEngineRecovers() {
    EngineSession session;
    session.post(EngineCommand::openSource("/nonexistent/clip.avi"));
    QTRY_COMPARE_WITH_TIMEOUT(session.status()->state, PlayState::Failed, 5000);
    QVERIFY(QString::fromStdString(session.status()->lastError).contains("/nonexistent/clip.avi"));
    QVERIFY(hasEvent(session.takeEvents(), EngineEvent::Type::SourceFailed));
    session.post(EngineCommand::openSource(video_));
    std::uint64_t seen = 0;
    QVERIFY(waitForFrame(session, seen) != nullptr);
  }

  void pipelineTracksAndScoresAgainstGroundTruth() {
    EngineSession session;
    session.post(EngineCommand::setParameter("playback.paced", 0));
    session.post(EngineCommand::configurePipeline("hog"));
    session.post(EngineCommand::openSource("synthetic:?seed=3&people=3&frames=25&width=480&height=270"));
    std::uint64_t seen = 0;
    const auto first = waitForFrame(session, seen, 10000);
    QVERIFY(first != nullptr);
    QVERIFY(first->latency.stageMs("detect") > 0);
    QCOMPARE(first->latency.stages().back().first, std::string("track"));
    QTRY_COMPARE_WITH_TIMEOUT(session.status()->state, PlayState::Ended, 30000);
    const auto status = session.status();
    QCOMPARE(status->detectorName, std::string("hog"));
    QVERIFY(status->hasMetrics);
    QCOMPARE(status->metrics.frames, std::int64_t(25));
    QVERIFY(status->metrics.gtDetections > 0);

    // Playing again from the end restarts tracks and metrics: they cover one pass, not two.
    session.post(EngineCommand::play());
    QTRY_VERIFY_WITH_TIMEOUT(session.status()->stats.framesProcessed == 50 &&
                                 session.status()->state == PlayState::Ended,
                             30000);
    QCOMPARE(session.status()->metrics.frames, std::int64_t(25));
  }

  void truncatedVideoEndsWithAWarningEvent() {
    const std::string whole = dir_.filePath("square.avi").toStdString();
    const std::string cut = dir_.filePath("square-cut.avi").toStdString();
    writeSquareClip(whole, 30);
    const int wholeFrames = writeTruncatedCopy(whole, cut);
    EngineSession session;
    session.post(EngineCommand::setParameter("playback.paced", 0));
    session.post(EngineCommand::openSource(cut));
    QTRY_COMPARE_WITH_TIMEOUT(session.status()->state, PlayState::Ended, 10000);
    QVERIFY(session.status()->currentFrame >= wholeFrames);  // every decoded frame was played
    QString warning;
    bool ended = false;
    for (const auto& e : session.takeEvents()) {
      if (e.type == EngineEvent::Type::Warning) warning = QString::fromStdString(e.message);
      ended = ended || e.type == EngineEvent::Type::EndOfStream;
    }
    QVERIFY(ended);
    QVERIFY2(warning.startsWith(QString("video 'square-cut.avi' ended at frame %1, before the 30 frames its container "
                                        "declares").arg(session.status()->currentFrame)),
             qPrintable(warning));
  }

  void badPipelineSpecIsReportedAndPlaybackContinues() {
    EngineSession session;
    session.post(EngineCommand::configurePipeline("onnx-yolox:/nonexistent/model.onnx"));
    session.post(EngineCommand::openSource(video_));
    std::vector<EngineEvent> events;
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
      for (auto& e : session.takeEvents()) events.push_back(e);
      for (const auto& e : events) {
        if (e.type == EngineEvent::Type::Error) return true;
      }
      return false;
    }()), 5000);
    bool named = false;
    for (const auto& e : events) named = named || QString::fromStdString(e.message).contains("/nonexistent/model.onnx");
    QVERIFY(named);
    std::uint64_t seen = 0;
    QVERIFY(waitForFrame(session, seen) != nullptr);
    QVERIFY(session.status()->detectorName.empty());
  }

  void engineThreadIsNamed() {
    EngineSession session;
    auto threadNames = [] {
      QStringList names;
      QDirIterator it("/proc/self/task", QDir::Dirs | QDir::NoDotAndDotDot);
      while (it.hasNext()) {
        QFile comm(it.next() + "/comm");
        if (comm.open(QIODevice::ReadOnly)) names << QString::fromLatin1(comm.readAll()).trimmed();
      }
      return names;
    };
    QTRY_VERIFY2_WITH_TIMEOUT(threadNames().contains("es-engine"), qPrintable(threadNames().join(",")), 5000);
  }
};

QTEST_GUILESS_MAIN(TestEngineSession)
#include "TestEngineSession.moc"
