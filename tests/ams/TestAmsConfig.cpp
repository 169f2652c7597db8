// AmsConfig: the ams.* knobs declared with the issue's ranges and defaults, applied sanitised (clamped, snapped,
// integers rounded), the selection and codec choices, the controllers' options taken from the knobs, unknown ids
// rejected by name.
#include <QtTest>

#include <cmath>
#include <map>

#include "ams/AmsConfig.h"
#include "util/Error.h"

using namespace edgescope;

class TestAmsConfig : public QObject {
  Q_OBJECT
 private slots:
  void specsMatchTheIssue() {
    struct Expected {
      double lo, hi, def;
    };
    const std::map<std::string, Expected> expected{
        {"ams.enabled", {0, 1, 0}},
        {"ams.updateIntervalS", {2, 120, 10}},
        {"ams.horizonS", {10, 1800, 240}},
        {"ams.iterations", {1, 500, 20}},
        {"ams.batch", {1, 64, 8}},
        {"ams.learningRate", {1e-5, 1e-2, 1e-3}},
        {"ams.fraction", {0.001, 1, 0.05}},
        {"ams.selection", {0, 5, 0}},
        {"ams.asr", {0, 1, 1}},
        {"ams.rateMinFps", {0.05, 5, 0.1}},
        {"ams.rateMaxFps", {0.1, 10, 1}},
        {"ams.rateStepFps", {0.01, 1, 0.2}},
        {"ams.rateIntervalS", {1, 60, 10}},
        {"ams.atr", {0, 1, 1}},
        {"ams.atrEnterFps", {0, 10, 0.25}},
        {"ams.atrExitFps", {0, 10, 0.35}},
        {"ams.atrStepS", {0.5, 30, 2}},
        {"ams.atrMaxS", {2, 600, 60}},
        {"ams.uplinkCodec", {0, 1, 0}},
        {"ams.uplinkKbps", {20, 2000, 200}},
        {"ams.swapGraceFrames", {0, 30, 3}},
        {"ams.gate", {0, 1, 1}},
        {"ams.phiTarget", {0, 1, SamplingRateController::kDefaultPhiTarget}}};
    const AmsConfig config;
    const auto specs = AmsConfig::parameterSpecs();
    QCOMPARE(specs.size(), expected.size());
    for (const ParameterSpec& s : specs) {
      QVERIFY2(expected.count(s.id), s.id.c_str());
      const Expected& e = expected.at(s.id);
      QCOMPARE(s.minValue, e.lo);
      QCOMPARE(s.maxValue, e.hi);
      QCOMPARE(s.defaultValue, e.def);
      QCOMPARE(config.value(s.id), s.defaultValue);
      QVERIFY2(!s.label.empty() && !s.description.empty() && s.step > 0, s.id.c_str());
      QVERIFY2(std::abs(s.sanitize(s.defaultValue) - s.defaultValue) < 1e-12, s.id.c_str());  // on the step grid
    }
    QCOMPARE(specs.front().id, std::string("ams.enabled"));
    QVERIFY(specs.front().isToggle());
    const auto selection = std::find_if(specs.begin(), specs.end(), [](auto& s) { return s.id == "ams.selection"; });
    QCOMPARE(selection->choices, AmsConfig::selectionNames());
    QCOMPARE(AmsConfig::selectionNames(),
             (std::vector<std::string>{"gradient", "random", "first", "last", "first-last", "full"}));
    QCOMPARE(AmsConfig::uplinkCodecNames(), (std::vector<std::string>{"h264", "jpeg"}));
  }

  void applyClampsSnapsAndRounds() {
    AmsConfig config;
    QCOMPARE(config.apply("ams.enabled", 1.0), 1.0);
    QVERIFY(config.enabled);
    QCOMPARE(config.apply("ams.updateIntervalS", 500.0), 120.0);
    QCOMPARE(config.updateIntervalS, 120.0);
    QCOMPARE(config.apply("ams.iterations", 7.4), 7.0);
    QCOMPARE(config.iterations, 7);
    QCOMPARE(config.apply("ams.batch", 0.0), 1.0);
    QCOMPARE(config.apply("ams.selection", 4.0), 4.0);
    QCOMPARE(AmsConfig::selectionNames()[static_cast<std::size_t>(config.selection)], std::string("first-last"));
    QCOMPARE(config.apply("ams.uplinkCodec", 1.0), 1.0);
    QCOMPARE(config.apply("ams.asr", 0.0), 0.0);
    QVERIFY(!config.asr);
    QCOMPARE(config.apply("ams.swapGraceFrames", -2.0), 0.0);
    QVERIFY(std::abs(config.apply("ams.fraction", 0.0123) - 0.012) < 1e-9);
  }

  void controllersTakeTheKnobs() {
    AmsConfig config;
    config.apply("ams.rateMinFps", 0.2);
    config.apply("ams.rateMaxFps", 2.0);
    config.apply("ams.asr", 0.0);
    config.apply("ams.updateIntervalS", 5.0);
    config.apply("ams.atrMaxS", 30.0);
    const SamplingRateController::Options s = config.samplingOptions();
    QCOMPARE(s.rateMinFps, 0.2);
    QCOMPARE(s.rateMaxFps, 2.0);
    QVERIFY(!s.enabled);
    s.validate();
    const TrainingRateController::Options t = config.trainingOptions();
    QCOMPARE(t.updateIntervalS, 5.0);
    QCOMPARE(t.maxS, 30.0);
    QCOMPARE(t.enterFps, 0.25);
    t.validate();
  }

  void rejectsUnknown() {
    AmsConfig config;
    try {
      config.apply("ams.nope", 1.0);
      QFAIL("no Error");
    } catch (const Error& e) {
      QVERIFY(QString(e.what()).contains("ams.nope"));
    }
    QVERIFY_THROWS_EXCEPTION(Error, config.value("turbo.enabled"));
  }
};

QTEST_GUILESS_MAIN(TestAmsConfig)
#include "TestAmsConfig.moc"
