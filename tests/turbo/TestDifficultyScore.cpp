// DifficultyScore: Eq. 1's mean confidence over detections at or above the floor, d = 1 − θ, the N = 0 rule, and the
// hard rule d ≥ threshold against the paper's θ < 0.6.
#include <QtTest>

#include <cmath>
#include <limits>

#include "turbo/DifficultyScore.h"

using namespace edgescope;

class TestDifficultyScore : public QObject {
  Q_OBJECT
 private slots:
  void meanOfScoresAboveFloor() {
    // 0.2 is below the floor and must not count: θ = (0.9 + 0.7) / 2 = 0.8.
    QCOMPARE(DifficultyScore::fromConfidences({0.9f, 0.7f, 0.2f}, 0.3, false),
             1.0 - (double{0.9f} + double{0.7f}) / 2.0);
    // The floor is inclusive.
    QCOMPARE(DifficultyScore::fromConfidences({0.5f, 0.3f}, 0.3, false), 1.0 - (double{0.5f} + double{0.3f}) / 2.0);
    // One confident detection: easy.
    QVERIFY(std::abs(DifficultyScore::fromConfidences({1.0f}, 0.1, true)) < 1e-12);
  }
  void noDetectionAboveFloor() {
    QCOMPARE(DifficultyScore::fromConfidences({}, 0.3, true), 1.0);
    QCOMPARE(DifficultyScore::fromConfidences({}, 0.3, false), 0.0);
    QCOMPARE(DifficultyScore::fromConfidences({0.1f, 0.2f}, 0.3, true), 1.0);
    QCOMPARE(DifficultyScore::fromConfidences({0.1f, 0.2f}, 0.3, false), 0.0);
  }
  void nanScoresIgnoredAndRangeClamped() {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    QCOMPARE(DifficultyScore::fromConfidences({nan, 0.6f}, 0.3, false), 1.0 - 0.6f);
    QCOMPARE(DifficultyScore::fromConfidences({nan}, 0.3, true), 1.0);
    QCOMPARE(DifficultyScore::fromConfidences({1.5f}, 0.3, false), 0.0);  // out-of-range score: d stays in [0, 1]
  }
  void hardRuleMatchesPaper() {
    const double t = DifficultyScore::kPaperHardThreshold;
    // Paper: θ < 0.6 is hard.
    QVERIFY(DifficultyScore::isHard(DifficultyScore::fromConfidences({0.59f}, 0.0, false), t));
    QVERIFY(!DifficultyScore::isHard(DifficultyScore::fromConfidences({0.61f}, 0.0, false), t));
    QVERIFY(DifficultyScore::isHard(0.4, 0.4));  // d ≥ threshold (the paper's strict rule differs only here)
    QVERIFY(!DifficultyScore::isHard(0.39, 0.4));
    QVERIFY(!DifficultyScore::isHard(std::numeric_limits<double>::quiet_NaN(), 0.4));
  }
};

QTEST_GUILESS_MAIN(TestDifficultyScore)
#include "TestDifficultyScore.moc"
