// Turbo and degrade in the engine (issue 21): the turbo.* and degrade.* knobs are declared, sanitised and echoed
// (side effects too); turbo.enabled with a detector that has no enhancer (or none at all) is a Warning naming it, the
// knob is echoed 0 and frames keep flowing; degrade.kind darkens frames on the DegradationSchedule the knobs describe
// (FrameSnapshot::degradation, frames.csv degrade_kind), ground truth untouched.
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

#include <opencv2/core.hpp>

#include "degrade/DegradationSchedule.h"
#include "degrade/DegradeKnobs.h"
#include "record/SessionReader.h"
#include "session/EngineSession.h"
#include "source/SourceFactory.h"

using namespace edgescope;

namespace {

/// Drains events into @p seen until @p done(seen) or @p timeoutMs.
template <typename Done>
bool collectEvents(EngineSession& session, std::vector<EngineEvent>& seen, Done done, int timeoutMs = 10000) {
  QDeadlineTimer deadline(timeoutMs);
  while (!deadline.hasExpired()) {
    for (auto& event : session.takeEvents()) seen.push_back(event);
    if (done(seen)) return true;
    QTest::qWait(5);
  }
  return false;
}

const EngineEvent* applied(const std::vector<EngineEvent>& events, const std::string& id) {
  const EngineEvent* last = nullptr;
  for (const auto& e : events) {
    if (e.type == EngineEvent::Type::ParameterApplied && e.parameterId == id) last = &e;
  }
  return last;
}

const EngineEvent* warningMentioning(const std::vector<EngineEvent>& events, const QString& text) {
  for (const auto& e : events) {
    if (e.type == EngineEvent::Type::Warning && QString::fromStdString(e.message).contains(text)) return &e;
  }
  return nullptr;
}

/// Waits up to @p timeoutMs for a snapshot newer than @p seen (QTRY_* would evaluate a taking expression twice).
std::shared_ptr<const FrameSnapshot> waitForFrame(EngineSession& session, std::uint64_t& seen, int timeoutMs = 10000) {
  QDeadlineTimer deadline(timeoutMs);
  while (!deadline.hasExpired()) {
    if (auto snapshot = session.takeFrameIfNewer(seen)) return snapshot;
    QTest::qWait(5);
  }
  return nullptr;
}

const ParameterSpec* findSpec(const std::vector<ParameterSpec>& specs, const std::string& id) {
  for (const auto& spec : specs) {
    if (spec.id == id) return &spec;
  }
  return nullptr;
}

}  // namespace

class TestTurboModule : public QObject {
  Q_OBJECT

 private slots:
  void declaresTurboAndDegradeKnobs() {
    EngineSession session;
    const auto& specs = session.parameterSpecs();
    for (const char* id : {"turbo.enabled", "turbo.maxExit", "turbo.hardThreshold", "turbo.latencyMs",
                           "turbo.marginMs", "turbo.difficulty", "turbo.compare", "degrade.kind", "degrade.share",
                           "degrade.strength"}) {
      QVERIFY2(findSpec(specs, id) != nullptr, id);
    }
    const ParameterSpec* kind = findSpec(specs, "degrade.kind");
    QCOMPARE(kind->choices, (std::vector<std::string>{"off", "mixed", "dark", "motion", "defocus", "noise", "jpeg",
                                                      "lowres"}));
    QCOMPARE(kind->defaultValue, 0.0);
    QCOMPARE(findSpec(specs, "degrade.share")->defaultValue, 0.35);
    QCOMPARE(findSpec(specs, "degrade.share")->step, 0.05);
    QCOMPARE(findSpec(specs, "degrade.strength")->defaultValue, 0.7);
    QVERIFY(findSpec(specs, "turbo.enabled")->isToggle());
    const auto status = session.status();
    QCOMPARE(status->parameters.at("turbo.enabled"), 0.0);
    QCOMPARE(status->parameters.at("degrade.kind"), 0.0);
    QVERIFY(!status->turbo.loaded);
    QVERIFY(!status->turbo.enabled);
  }

  void knobsAreSanitisedAndEchoed() {
    EngineSession session;
    const std::vector<std::pair<std::string, double>> requests = {
        {"turbo.maxExit", 3.4},     {"turbo.marginMs", 12.4},  {"turbo.latencyMs", 5000.0},
        {"turbo.difficulty", 1.0},  {"turbo.hardThreshold", 0.333}, {"turbo.compare", 1.0},
        {"degrade.kind", 2.0},      {"degrade.share", 0.33},   {"degrade.strength", 0.52}};
    const std::map<std::string, double> expected = {
        {"turbo.maxExit", 3.0},     {"turbo.marginMs", 12.0},  {"turbo.latencyMs", 1000.0},
        {"turbo.difficulty", 1.0},  {"turbo.hardThreshold", 0.33}, {"turbo.compare", 1.0},
        {"degrade.kind", 2.0},      {"degrade.share", 0.35},   {"degrade.strength", 0.5}};
    for (const auto& [id, value] : requests) session.post(EngineCommand::setParameter(id, value));
    std::vector<EngineEvent> events;
    QVERIFY(collectEvents(session, events, [&](const auto& seen) {
      return applied(seen, "degrade.strength") != nullptr;
    }));
    for (const auto& [id, value] : expected) {
      const EngineEvent* event = applied(events, id);
      QVERIFY2(event != nullptr, id.c_str());
      QVERIFY2(std::fabs(event->value - value) < 1e-9, id.c_str());
    }
    QTRY_VERIFY(std::fabs(session.status()->parameters.at("degrade.strength") - 0.5) < 1e-9);
    const auto status = session.status();
    for (const auto& [id, value] : expected) {
      QVERIFY2(std::fabs(status->parameters.at(id) - value) < 1e-9, id.c_str());
    }
    QCOMPARE(status->turbo.hardThreshold, status->parameters.at("turbo.hardThreshold"));
    QVERIFY(!warningMentioning(events, ""));  // nothing refused
  }

  void turboWithoutADetectorIsRefused() {
    EngineSession session;
    session.post(EngineCommand::setParameter("turbo.enabled", 1.0));
    std::vector<EngineEvent> events;
    QVERIFY(collectEvents(session, events, [](const auto& seen) { return applied(seen, "turbo.enabled"); }));
    QVERIFY(warningMentioning(events, "no detector is running"));
    QCOMPARE(applied(events, "turbo.enabled")->value, 0.0);
    QCOMPARE(session.status()->parameters.at("turbo.enabled"), 0.0);
  }

  void togglingTurboMidRunWithoutAnEnhancerWarnsAndFramesFlow() {
    EngineSession session;  // paced at 25 fps: 75 frames take 3 s, so the toggle lands mid-run
    session.post(EngineCommand::configurePipeline("hog"));
    session.post(EngineCommand::openSource("synthetic:?seed=4&people=2&frames=75&width=192&height=128"));
    std::uint64_t seen = 0;
    QVERIFY(waitForFrame(session, seen) != nullptr);
    const std::int64_t before = session.status()->currentFrame;

    session.post(EngineCommand::setParameter("turbo.enabled", 1.0));
    std::vector<EngineEvent> events;
    QVERIFY(collectEvents(session, events, [](const auto& seen) { return applied(seen, "turbo.enabled"); }));
    const EngineEvent* warning = warningMentioning(events, "Turbo stays off");
    QVERIFY(warning != nullptr);
    QVERIFY2(QString::fromStdString(warning->message).contains("hog"), warning->message.c_str());
    QCOMPARE(applied(events, "turbo.enabled")->value, 0.0);
    QTRY_COMPARE(session.status()->parameters.at("turbo.enabled"), 0.0);
    QVERIFY(!session.status()->turbo.loaded);

    // Tracking goes on: later frames arrive, with Turbo inactive in their snapshots.
    QTRY_VERIFY_WITH_TIMEOUT(session.status()->currentFrame > before + 5, 10000);
    const auto snapshot = waitForFrame(session, seen);
    QVERIFY(snapshot != nullptr);
    QVERIFY(!snapshot->turbo.active);
    QCOMPARE(snapshot->turbo.exit, 0);
    QVERIFY(snapshot->latency.stageMs("detect") > 0);
    QCOMPARE(session.status()->detectorName, std::string("hog"));
    QCOMPARE(session.status()->state, PlayState::Playing);
  }

  void darkFramesFollowTheKnobsSchedule() {
    // 2 fps × 180 frames = 90 s of scene: about ten 1–5 s episodes, so the degraded share comes close to 0.35.
    const std::string uri = "synthetic:?seed=5&people=2&frames=180&width=128&height=96&fps=2";
    QTemporaryDir dir;
    const std::string folder = dir.filePath("dark").toStdString();
    EngineSession session;
    session.post(EngineCommand::setParameter("playback.paced", 0));
    session.post(EngineCommand::setParameter("degrade.kind", 2.0));  // dark
    session.post(EngineCommand::openSourcePaused(uri));
    QTRY_COMPARE_WITH_TIMEOUT(int(session.status()->state), int(PlayState::Paused), 10000);
    session.post(EngineCommand::startRecording(folder));
    QTRY_VERIFY_WITH_TIMEOUT(session.status()->recording, 5000);
    session.post(EngineCommand::play());
    std::uint64_t seen = 0;
    int snapshots = 0, darkSnapshots = 0;
    QDeadlineTimer deadline(30000);
    while (session.status()->state != PlayState::Ended && !deadline.hasExpired()) {
      if (const auto snapshot = session.takeFrameIfNewer(seen)) {
        ++snapshots;
        const FrameDegradation& d = snapshot->degradation;
        QVERIFY(d.kind == DegradationKind::None || d.kind == DegradationKind::Dark);
        if (d.degraded()) {
          ++darkSnapshots;
          QCOMPARE(d.strength, 0.7);
        }
      }
      QTest::qWait(1);
    }
    QCOMPARE(session.status()->state, PlayState::Ended);
    QVERIFY(snapshots > 0);
    session.post(EngineCommand::stopRecording());
    QTRY_VERIFY_WITH_TIMEOUT(!session.status()->recording, 5000);

    const SessionData data = SessionReader::read(folder);
    QVERIFY2(data.warnings.empty(), data.warnings.empty() ? "" : data.warnings.front().c_str());
    QCOMPARE(data.manifest.version, 2);
    QCOMPARE(data.frames.size(), std::size_t(180));
    DegradeKnobs knobs;
    knobs.apply("degrade.kind", 2.0);
    DegradationSchedule schedule(knobs.spec(), 2.0);
    int dark = 0;
    for (const RecordedFrame& frame : data.frames) {
      const FrameDegradation expected = schedule.at(frame.frame);
      QCOMPARE(frame.degradeKind, std::string(kindName(expected.kind)));
      QCOMPARE(frame.degradeStrength, expected.degraded() ? 0.7 : 0.0);
      QVERIFY(std::isnan(frame.difficulty));  // Turbo off
      QCOMPARE(frame.exit, 0);
      dark += expected.degraded() ? 1 : 0;
    }
    const double share = dark / 180.0;
    QVERIFY2(share > 0.2 && share < 0.5, qPrintable(QString::number(share)));
    if (snapshots >= 20) QVERIFY(darkSnapshots > 0 && darkSnapshots < snapshots);
  }

  void darkFramesAreDarkenedCopies() {
    // The same frame read clean and with degrade.kind = dark: a degraded frame differs, a clean one is identical.
    const std::string uri = "synthetic:?seed=5&people=2&frames=180&width=128&height=96&fps=2";
    DegradeKnobs knobs;
    knobs.apply("degrade.kind", 2.0);
    DegradationSchedule schedule(knobs.spec(), 2.0);
    std::int64_t darkFrame = 0;
    for (std::int64_t n = 1; n <= 180 && darkFrame == 0; ++n) darkFrame = schedule.at(n).degraded() ? n : 0;
    QVERIFY(darkFrame > 0);

    auto frameImage = [&](bool degrade) {
      EngineSession session;
      if (degrade) session.post(EngineCommand::setParameter("degrade.kind", 2.0));
      session.post(EngineCommand::openSourcePaused(uri));
      session.post(EngineCommand::seek(darkFrame));
      std::uint64_t seen = 0;
      std::shared_ptr<const FrameSnapshot> snapshot;
      QDeadlineTimer deadline(10000);
      while (!deadline.hasExpired()) {
        snapshot = session.takeFrameIfNewer(seen);
        if (snapshot && snapshot->frame.number == darkFrame) break;
        QTest::qWait(5);
      }
      return snapshot;
    };
    const auto clean = frameImage(false);
    const auto dark = frameImage(true);
    QVERIFY(clean && dark);
    QVERIFY(!clean->degradation.degraded());
    QCOMPARE(dark->degradation.kind, DegradationKind::Dark);
    QCOMPARE(dark->frame.image.size(), clean->frame.image.size());
    QVERIFY(cv::norm(dark->frame.image, clean->frame.image, cv::NORM_L1) > 0.0);
    QCOMPARE(dark->groundTruth.size(), clean->groundTruth.size());
  }
};

QTEST_GUILESS_MAIN(TestTurboModule)
#include "TestTurboModule.moc"
