// Accuracy vs fps per visited setting: status samples are credited to the setting active when they arrive, and each
// setting's MOTA comes from the growth of the cumulative CLEAR counts while it ran (exact, additive).
#include <QtTest>

#include "SettingTradeoff.h"

using namespace edgescope;

namespace {
StatusView sample(double preset, double fps, double frames, double gt, double fp, double fn, double idsw) {
  StatusView status;
  status.state = "playing";
  status.detectorName = "jde";
  status.processingFps = fps;
  status.parameters = {{"deepscale.preset", preset}, {"playback.speed", 1.0}};
  status.hasMetrics = true;
  status.metrics = {{"Frames", frames}, {"GT", gt}, {"FP", fp}, {"FN", fn}, {"IDSW", idsw}, {"MOTA", 0.0}};
  return status;
}
}  // namespace

class TestSettingTradeoff : public QObject {
  Q_OBJECT
 private slots:
  void creditsEachSettingItsOwnErrors() {
    ParameterView preset;
    preset.id = "deepscale.preset";
    preset.label = "Preset";
    preset.maxValue = 3;
    preset.step = 1;
    preset.defaultValue = 3;
    preset.choices = {"Custom", "C1", "C2", "C3"};
    SettingTradeoff tradeoff({preset});
    tradeoff.add(sample(3, 30, 10, 100, 2, 3, 0));   // baseline
    tradeoff.add(sample(3, 34, 20, 200, 4, 6, 0));   // C3: +100 GT, +5 errors
    tradeoff.add(sample(2, 50, 30, 300, 10, 20, 1)); // C2: +100 GT, +21 errors
    tradeoff.add(sample(2, 60, 40, 400, 12, 30, 1)); // C2: +100 GT, +12 errors
    QCOMPARE(tradeoff.points().size(), 2);
    const auto& c3 = tradeoff.points()[0];
    const auto& c2 = tradeoff.points()[1];
    QCOMPARE(c3.label, QString("defaults"));
    QCOMPARE(c2.label, QString("Preset=C2"));
    QCOMPARE(c3.gtBoxes, 100.0);
    QVERIFY(qFuzzyCompare(c3.mota, 0.95));
    QCOMPARE(c2.gtBoxes, 200.0);
    QVERIFY(qFuzzyCompare(c2.mota, 1.0 - 33.0 / 200.0));
    QCOMPARE(c3.fps, 32.0);
    QCOMPARE(c2.fps, 55.0);
    QCOMPARE(tradeoff.current(), 1);
    // Playback knobs do not make a new setting; counts restarting (seek) do not create negative deltas.
    StatusView faster = sample(2, 58, 5, 50, 0, 1, 0);
    faster.parameters["playback.speed"] = 4.0;
    tradeoff.add(faster);
    QCOMPARE(tradeoff.points().size(), 2);
    QCOMPARE(tradeoff.points()[1].gtBoxes, 200.0);
    tradeoff.add(sample(2, 58, 15, 150, 0, 2, 0));  // +100 GT, +1 error after the restart
    QCOMPARE(tradeoff.points()[1].gtBoxes, 300.0);
    QVERIFY(qFuzzyCompare(tradeoff.points()[1].mota, 1.0 - 34.0 / 300.0));
    // Paused or untracked samples are ignored.
    StatusView paused = sample(1, 0, 50, 500, 0, 0, 0);
    paused.state = "paused";
    tradeoff.add(paused);
    QCOMPARE(tradeoff.points().size(), 2);
    tradeoff.clear();
    QCOMPARE(tradeoff.points().size(), 0);
  }
};

QTEST_APPLESS_MAIN(TestSettingTradeoff)
#include "TestSettingTradeoff.moc"
