// ParaLoupeConfig: every knob of the table declared with its range and default, applied sanitised, unknown
// ids and scheduler names rejected by name.
#include <QtTest>

#include "paraloupe/ParaLoupeConfig.h"
#include "util/Error.h"

using namespace edgescope;

class TestParaLoupeConfig : public QObject {
  Q_OBJECT
 private slots:
  void specsMatchDefaults() {
    const ParaLoupeConfig config;
    const auto specs = ParaLoupeConfig::parameterSpecs();
    QCOMPARE(static_cast<int>(specs.size()), 23);
    for (const ParameterSpec& spec : specs) {
      QVERIFY2(spec.id.rfind("paraloupe.", 0) == 0, spec.id.c_str());
      QVERIFY2(spec.defaultValue >= spec.minValue && spec.defaultValue <= spec.maxValue, spec.id.c_str());
      QVERIFY2(std::abs(config.value(spec.id) - spec.defaultValue) < 1e-12, spec.id.c_str());
    }
  }
  void applyClampsAndSnaps() {
    ParaLoupeConfig config;
    QCOMPARE(config.apply("paraloupe.sloMs", 5.0), 10.0);
    QCOMPARE(config.sloMs, 10.0);
    QCOMPARE(config.apply("paraloupe.maxPatches", 40.4), 32.0);
    QCOMPARE(config.apply("paraloupe.scheduler", 1.0), 1.0);
    QVERIFY(config.scheduler == SchedulerKind::Uniform);
    QCOMPARE(config.apply("paraloupe.useLocal", 0.0), 0.0);
    QVERIFY(!config.useLocal);
    QCOMPARE(config.apply("paraloupe.lambda2", 0.45), 0.45);
  }
  void rejectsUnknown() {
    ParaLoupeConfig config;
    QVERIFY_THROWS_EXCEPTION(Error, config.apply("paraloupe.nope", 1.0));
    QVERIFY_THROWS_EXCEPTION(Error, config.value("partition.k"));
    QVERIFY(ParaLoupeConfig::parseScheduler("Greedy") == SchedulerKind::Greedy);
    try {
      ParaLoupeConfig::parseScheduler("random");
      QFAIL("no error");
    } catch (const Error& e) {
      QVERIFY(QString(e.what()).contains("random"));
    }
  }
};

QTEST_GUILESS_MAIN(TestParaLoupeConfig)
#include "TestParaLoupeConfig.moc"
