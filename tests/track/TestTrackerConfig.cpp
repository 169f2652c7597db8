// TrackerConfig: parameter specs mirror the defaults, apply() sanitises and sets fields, unknown ids are errors.
#include <QtTest>
#include <cmath>
#include <limits>
#include <set>

#include "track/TrackerConfig.h"
#include "util/Error.h"

using namespace edgescope;

class TestTrackerConfig : public QObject {
  Q_OBJECT
 private slots:
  void defaultsAreTheReferenceValues() {
    const TrackerConfig c;
    QCOMPARE(static_cast<int>(c.mode), static_cast<int>(TrackerMode::Byte));
    QCOMPARE(c.highScoreThresh, 0.5f);
    QCOMPARE(c.newTrackThresh, 0.6f);
    QCOMPARE(c.matchThresh, 0.8f);
    QCOMPARE(c.lowMatchThresh, 0.5f);
    QCOMPARE(c.unconfirmedMatchThresh, 0.7f);
    QCOMPARE(c.motionLambda, 0.98f);
    QCOMPARE(c.gatingThreshold, 9.4877f);
    QCOMPARE(c.embeddingMomentum, 0.9f);
    QCOMPARE(c.maxTimeLostFrames(), 30);
    TrackerConfig slow;
    slow.frameRateFps = 15;
    QCOMPARE(slow.maxTimeLostFrames(), 15);
    slow.frameRateFps = std::numeric_limits<double>::quiet_NaN();
    QCOMPARE(slow.maxTimeLostFrames(), 0);
  }
  void specsMirrorDefaults() {
    const TrackerConfig c;
    std::set<std::string> ids;
    const auto specs = TrackerConfig::parameterSpecs();
    QVERIFY(specs.size() >= 6);
    for (const ParameterSpec& s : specs) {
      QVERIFY2(ids.insert(s.id).second, s.id.c_str());
      QVERIFY(s.id.rfind("track.", 0) == 0);
      QVERIFY(!s.label.empty() && !s.description.empty());
      QVERIFY(s.minValue <= s.defaultValue && s.defaultValue <= s.maxValue);
      QVERIFY2(std::fabs(s.sanitize(s.defaultValue) - c.value(s.id)) < 1e-6, s.id.c_str());
    }
    QVERIFY(ids.count("track.appearance"));
  }
  void applySanitisesAndSets() {
    TrackerConfig c;
    QCOMPARE(c.apply("track.appearance", 1.0), 1.0);
    QCOMPARE(static_cast<int>(c.mode), static_cast<int>(TrackerMode::Jde));
    QCOMPARE(c.apply("track.highScore", 0.42), 0.4);  // snapped to the 0.05 grid
    QCOMPARE(c.highScoreThresh, 0.4f);
    QCOMPARE(c.apply("track.buffer", 1000.0), 300.0);  // clamped
    QCOMPARE(c.trackBufferFrames, 300);
    QCOMPARE(c.maxTimeLostFrames(), 300);
    c.apply("track.motionWeight", 0.1);
    QVERIFY(std::fabs(c.motionLambda - 0.9f) < 1e-6);
    c.apply("track.lowScoreRound", 1.0);
    QVERIFY(c.jdeLowScoreRound);
    QCOMPARE(c.value("track.lowScoreRound"), 1.0);
  }
  void unknownIdIsAnError() {
    TrackerConfig c;
    try {
      c.apply("track.nope", 1.0);
      QFAIL("no error");
    } catch (const Error& e) {
      QVERIFY(QString(e.what()).contains("track.nope"));
    }
    QVERIFY_THROWS_EXCEPTION(Error, c.value("playback.speed"));
  }
};

QTEST_APPLESS_MAIN(TestTrackerConfig)
#include "TestTrackerConfig.moc"
