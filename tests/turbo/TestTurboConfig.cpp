// TurboConfig: the turbo.* knobs declared with the ranges, steps and defaults, applied sanitised, the
// difficulty choice, unknown ids rejected by name.
#include <QtTest>

#include "turbo/TurboConfig.h"
#include "util/Error.h"

using namespace edgescope;

class TestTurboConfig : public QObject {
  Q_OBJECT
 private slots:
  void specsMatchDefaults() {
    const TurboConfig config;
    const auto specs = TurboConfig::parameterSpecs();
    QCOMPARE(static_cast<int>(specs.size()), 7);
    struct Expected {
      const char* id;
      double lo, hi, step, def;
    };
    const Expected expected[] = {
        {"turbo.enabled", 0, 1, 1, 0},      {"turbo.maxExit", 0, 5, 1, 5},   {"turbo.hardThreshold", 0, 1, 0.01, 0.4},
        {"turbo.latencyMs", 0, 1000, 1, 0}, {"turbo.marginMs", 0, 50, 1, 5}, {"turbo.difficulty", 0, 1, 1, 0},
        {"turbo.compare", 0, 1, 1, 0}};
    for (int i = 0; i < 7; ++i) {
      const ParameterSpec& s = specs[i];
      QCOMPARE(s.id, std::string(expected[i].id));
      QCOMPARE(s.minValue, expected[i].lo);
      QCOMPARE(s.maxValue, expected[i].hi);
      QCOMPARE(s.step, expected[i].step);
      QCOMPARE(s.defaultValue, expected[i].def);
      QCOMPARE(config.value(s.id), s.defaultValue);
      QVERIFY2(!s.label.empty() && !s.description.empty(), s.id.c_str());
    }
    QVERIFY(specs[0].isToggle() && specs[6].isToggle());
    QVERIFY(!specs[5].isToggle());
    QCOMPARE(specs[5].choices, (std::vector<std::string>{"discriminator", "confidence"}));
    QCOMPARE(specs[3].unit, std::string("ms"));
    QCOMPARE(specs[4].unit, std::string("ms"));
    QVERIFY(specs[2].description.find("from the card") != std::string::npos);
  }
  void applyClampsAndSnaps() {
    TurboConfig config;
    QCOMPARE(config.apply("turbo.enabled", 1.0), 1.0);
    QVERIFY(config.enabled);
    QCOMPARE(config.apply("turbo.maxExit", 7.0), 5.0);
    QCOMPARE(config.apply("turbo.maxExit", 2.4), 2.0);
    QCOMPARE(config.maxExit, 2);
    QCOMPARE(config.apply("turbo.hardThreshold", 0.456), 0.46);
    QCOMPARE(config.apply("turbo.latencyMs", 2000.0), 1000.0);
    QCOMPARE(config.apply("turbo.marginMs", -3.0), 0.0);
    QCOMPARE(config.apply("turbo.difficulty", 1.0), 1.0);
    QVERIFY(config.difficulty == TurboDifficultySource::Confidence);
    QCOMPARE(std::string(TurboConfig::difficultyName(config.difficulty)), std::string("confidence"));
    QCOMPARE(config.apply("turbo.compare", 1.0), 1.0);
    QVERIFY(config.compare);
  }
  void rejectsUnknown() {
    TurboConfig config;
    QVERIFY_THROWS_EXCEPTION(Error, config.apply("turbo.nope", 1.0));
    try {
      config.value("deepscale.k");
      QFAIL("no error");
    } catch (const Error& e) {
      QVERIFY(QString(e.what()).contains("deepscale.k"));
    }
  }
};

QTEST_GUILESS_MAIN(TestTurboConfig)
#include "TestTurboConfig.moc"
