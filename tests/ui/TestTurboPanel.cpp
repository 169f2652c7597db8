// The Turbo tab fed with view values directly (no engine): presets → (id, value) requests with checked state
// following the echo, the compare toggle, the interval T from turbo.latencyMs or the source rate, the timeline
// coloured by exit with the threshold line, budget vs spent (and the window), the exit histogram, the gain heat map,
// the AP table with GT, the no-detector state, and redraws only while visible.
#include <QPushButton>
#include <QSignalSpy>
#include <QtTest>

#include "GainHeatMap.h"
#include "ResolutionHistogramPlot.h"
#include "TurboBudgetPlot.h"
#include "TurboPanel.h"
#include "TurboTimelinePlot.h"

using namespace edgescope;

namespace {

StatusView turboStatus(bool enabled, double maxExit) {
  StatusView status;
  status.state = "playing";
  status.detectorName = "jde:jde_yolox_s8";
  status.source.fps = 10.0;
  status.parameters = {{"turbo.enabled", enabled ? 1.0 : 0.0},
                       {"turbo.maxExit", maxExit},
                       {"turbo.compare", 0.0},
                       {"turbo.latencyMs", 0.0}};
  TurboStatusView& t = status.turbo;
  t.loaded = enabled;
  t.enabled = enabled;
  t.model = "auto";
  t.hardThreshold = 0.42;
  t.frames = 200;
  t.hardFrames = 50;
  t.enhancedFrames = 40;
  t.exitHistogram = {160, 0, 5, 10, 15, 10};
  t.meanBudgetMs = 60.0;
  t.meanSpentMs = 9.5;
  for (int bucket = 0; bucket < 10; ++bucket) {
    QVector<double> row{0.0};
    for (int exit = 1; exit <= 5; ++exit) row.push_back(bucket * 0.5 * exit - (exit == 5 ? 3.0 : 0.0));
    t.gainProfile.push_back(row);
  }
  return status;
}

FrameView turboFrame(qint64 number, double difficulty, int exit, double budgetMs, double spentMs) {
  FrameView frame;
  frame.frameNumber = number;
  frame.turbo.active = true;
  frame.turbo.difficulty = difficulty;
  frame.turbo.exit = exit;
  frame.turbo.budgetMs = budgetMs;
  frame.turbo.spentMs = spentMs;
  return frame;
}

QPushButton* button(QWidget& panel, const QString& name) { return panel.findChild<QPushButton*>(name); }

}  // namespace

class TestTurboPanel : public QObject {
  Q_OBJECT
 private slots:
  void presetsRequestKnobsAndFollowTheEcho() {
    TurboPanel panel;
    panel.setStatus(turboStatus(false, 5));
    QCOMPARE(panel.preset(), TurboPanel::Preset::Off);
    QVERIFY(button(panel, "turbo_preset_off")->isChecked());
    QSignalSpy requests(&panel, &TurboPanel::parameterChanged);
    button(panel, "turbo_preset_light")->click();
    QCOMPARE(requests.count(), 2);
    QCOMPARE(requests[0][0].toString(), QString("turbo.maxExit"));
    QCOMPARE(requests[0][1].toDouble(), double(TurboPanel::kLightMaxExit));
    QCOMPARE(requests[1][0].toString(), QString("turbo.enabled"));
    QCOMPARE(requests[1][1].toDouble(), 1.0);
    // Not applied yet: the checked state still shows the engine's Off.
    QVERIFY(button(panel, "turbo_preset_off")->isChecked());
    QVERIFY(!button(panel, "turbo_preset_light")->isChecked());
    panel.setStatus(turboStatus(true, 2));
    QCOMPARE(panel.preset(), TurboPanel::Preset::Light);
    QVERIFY(button(panel, "turbo_preset_light")->isChecked());
    panel.setStatus(turboStatus(true, 4));  // set by the knob slider: no preset matches
    QCOMPARE(panel.preset(), TurboPanel::Preset::Custom);
    QVERIFY(!button(panel, "turbo_preset_full")->isChecked() && !button(panel, "turbo_preset_light")->isChecked());
    requests.clear();
    button(panel, "turbo_preset_off")->click();
    QCOMPARE(requests.count(), 1);
    QCOMPARE(requests[0][0].toString(), QString("turbo.enabled"));
    QCOMPARE(requests[0][1].toDouble(), 0.0);
    requests.clear();
    button(panel, "turbo_compare")->click();
    QCOMPARE(requests.count(), 1);
    QCOMPARE(requests[0][0].toString(), QString("turbo.compare"));
    QCOMPARE(requests[0][1].toDouble(), 1.0);
    QVERIFY(!button(panel, "turbo_compare")->isChecked());  // until echoed
  }

  void withoutADetectorTheControlsAreOff() {
    TurboPanel panel;
    StatusView status = turboStatus(false, 5);
    status.detectorName.clear();
    panel.setStatus(status);
    QVERIFY(!button(panel, "turbo_preset_full")->isEnabled());
    QVERIFY(panel.summaryText().contains("No detector"));
    panel.setStatus(turboStatus(false, 5));
    QVERIFY(button(panel, "turbo_preset_full")->isEnabled());
    QVERIFY(panel.summaryText().contains("jde:jde_yolox_s8"));
  }

  void summaryAndIntervalFollowTheStatus() {
    TurboPanel panel;
    StatusView status = turboStatus(true, 5);
    status.turbo.overruns = 2;
    panel.setStatus(status);
    QVERIFY2(panel.summaryText().contains("50 of 200 frames hard (25 %), 40 enhanced"),
             qPrintable(panel.summaryText()));
    QVERIFY(panel.summaryText().contains("2 overruns"));
    QCOMPARE(panel.intervalMs(), 100.0);  // one interval of the 10 fps source
    QCOMPARE(panel.budget()->intervalMs(), 100.0);
    status.parameters["turbo.latencyMs"] = 40.0;
    panel.setStatus(status);
    QCOMPARE(panel.intervalMs(), 40.0);
    QCOMPARE(panel.timeline()->threshold(), 0.42);
    QCOMPARE(panel.exitHistogram()->barCount(), 6);
    QCOMPARE(panel.exitHistogram()->barValue(0), 0.8);
    QCOMPARE(panel.exitHistogram()->barValue(4), 15.0 / 200.0);
    QCOMPARE(panel.gainMap()->labelCount(), 60);
    QCOMPARE(panel.gainMap()->profile()[9][5], 9 * 2.5 - 3.0);
    status.turbo.gainProfile.clear();  // the enhancer was dropped
    panel.setStatus(status);
    QCOMPARE(panel.gainMap()->labelCount(), 0);
  }

  void apTableNeedsScoredFrames() {
    TurboPanel panel;
    StatusView status = turboStatus(true, 5);
    panel.setStatus(status);
    QVERIFY(panel.scoresText().contains("needs ground truth"));
    status.turbo.scoredFrames = 90;
    status.turbo.ap50Plain = 0.812;
    status.turbo.ap50Turbo = 0.845;
    status.turbo.recovered = 31;
    status.turbo.lost = 4;
    panel.setStatus(status);
    const QString table = panel.scoresText();
    QVERIFY2(table.contains("90 frames") && table.contains("81.2") && table.contains("84.5") &&
                 table.contains("+3.3") && table.contains("31 / 4"),
             qPrintable(table));
    status.turbo.ap50Turbo = 0.80;
    panel.setStatus(status);
    QVERIFY(panel.scoresText().contains("-1.2") && panel.scoresText().contains("#d73027"));
  }

  void timelineColoursByExitAndStartsOverOnSeek() {
    TurboPanel panel;
    panel.setStatus(turboStatus(true, 5));
    const int total = TurboTimelinePlot::kWindowFrames + 100;
    for (int n = 1; n <= total; ++n) panel.addFrame(turboFrame(n, (n % 10) / 10.0, n % 6, 50.0, n % 6 ? 8.0 : 0.0));
    int points = 0;
    for (int exit = 0; exit < TurboTimelinePlot::kExits; ++exit) {
      QVERIFY(panel.timeline()->pointCount(exit) > 0);
      points += panel.timeline()->pointCount(exit);
    }
    QCOMPARE(points, TurboTimelinePlot::kWindowFrames + 1);
    QCOMPARE(panel.budget()->frameCount(), TurboBudgetPlot::kWindowFrames + 1);
    FrameView off = turboFrame(total + 1, 0.9, 3, 50.0, 8.0);
    off.turbo.active = false;  // Turbo off for this frame: not drawn
    panel.addFrame(off);
    FrameView noDifficulty = turboFrame(total + 2, -1.0, 0, 50.0, 0.0);
    panel.addFrame(noDifficulty);  // in the budget plot, not on the timeline
    // The window (total + 2 − 300, total + 2] lacks the Turbo-off frame total + 1.
    QCOMPARE(panel.budget()->frameCount(), TurboBudgetPlot::kWindowFrames);
    QCOMPARE(points, TurboTimelinePlot::kWindowFrames + 1);
    panel.addFrame(turboFrame(3, 0.8, 4, 50.0, 9.0));  // seek back: both start over
    QCOMPARE(panel.timeline()->pointCount(4), 1);
    QCOMPARE(panel.budget()->frameCount(), 1);
    QVERIFY(TurboTimelinePlot::exitColor(0) != TurboTimelinePlot::exitColor(5));
  }

  void spentOverBudgetIsCounted() {
    TurboBudgetPlot plot;
    plot.addFrame(turboFrame(1, 0.9, 3, 20.0, 12.0));
    plot.addFrame(turboFrame(2, 0.9, 5, 10.0, 18.0));  // would have made the frame late
    plot.addFrame(turboFrame(3, 0.1, 0, -5.0, 0.0));   // behind: budget drawn at 0, nothing spent
    QCOMPARE(plot.frameCount(), 3);
    QCOMPARE(plot.overBudgetCount(), 1);
  }

  void redrawsOnlyWhileVisible() {
    TurboPanel panel;
    panel.setStatus(turboStatus(true, 5));
    for (int n = 1; n <= 200; ++n) panel.addFrame(turboFrame(n, 0.5, 2, 40.0, 6.0));
    QTest::qWait(2 * TurboPanel::kReplotIntervalMs);
    QCOMPARE(panel.timeline()->replotCount(), 0);
    QCOMPARE(panel.budget()->replotCount(), 0);
    panel.show();
    QTRY_VERIFY(panel.timeline()->replotCount() >= 1);
    const int before = panel.timeline()->replotCount();
    for (int n = 201; n <= 400; ++n) panel.addFrame(turboFrame(n, 0.5, 2, 40.0, 6.0));
    QTRY_VERIFY(panel.timeline()->replotCount() > before);
    QVERIFY(panel.timeline()->replotCount() <= before + 3);  // 200 frames, coalesced
  }
};

QTEST_MAIN(TestTurboPanel)
#include "TestTurboPanel.moc"
