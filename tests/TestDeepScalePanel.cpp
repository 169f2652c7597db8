// The DeepScale dock and badge, fed with view values directly (no engine): histogram bars, timeline window and
// re-selection markers, buttons → (id, value) requests with checked state following the echo, the inactive state,
// coalesced replots only while visible, and the input-size badge on the video.
#include <QPushButton>
#include <QSignalSpy>
#include <QtTest>

#include "DeepScalePanel.h"
#include "ResolutionHistogramPlot.h"
#include "ResolutionTimelinePlot.h"
#include "VideoView.h"

using namespace edgescope;

namespace {

const QStringList kLabels = {"1088x608", "864x480", "704x384", "640x352", "576x320"};

StatusView activeStatus() {
  StatusView status;
  status.state = "playing";
  DeepScaleStatusView& ds = status.deepscale;
  ds.active = true;
  ds.adaptive = true;
  ds.rungLabels = kLabels;
  ds.chosenRung = 2;
  ds.lastScores = {1.0, 0.93, 0.81, 0.42, 0.10};
  ds.histogram = {0.1, 0.2, 0.4, 0.3, 0.0};
  ds.histogramFrames = 250;
  ds.selections = 6;
  status.parameters = {{"deepscale.mode", 1.0},    {"deepscale.preset", 2.0}, {"deepscale.gamma1", 0.8},
                       {"deepscale.gamma2", 1.01}, {"deepscale.gamma3", 0.5}, {"deepscale.gamma4", 1.01}};
  return status;
}

FrameView deepscaleFrame(qint64 number, int rung, bool reselected) {
  FrameView frame;
  frame.frameNumber = number;
  frame.deepscale = {true, 1088 - 128 * rung, 608 - 64 * rung, rung, reselected};
  return frame;
}

QPushButton* button(QWidget& panel, const QString& name) { return panel.findChild<QPushButton*>(name); }

}  // namespace

class TestDeepScalePanel : public QObject {
  Q_OBJECT
 private slots:
  void histogramBarsAreTheStatusFractions() {
    DeepScalePanel panel;
    panel.setStatus(activeStatus());
    QCOMPARE(panel.histogram()->barCount(), 5);
    const double expected[] = {0.1, 0.2, 0.4, 0.3, 0.0};
    for (int rung = 0; rung < 5; ++rung) QCOMPARE(panel.histogram()->barValue(rung), expected[rung]);
    StatusView bad = activeStatus();
    bad.deepscale.histogram = {0.5, qQNaN(), -0.2};
    panel.setStatus(bad);  // bad values never crash and never draw
    QCOMPARE(panel.histogram()->barCount(), 3);
    QCOMPARE(panel.histogram()->barValue(1), 0.0);
    QCOMPARE(panel.histogram()->barValue(2), 0.0);
  }

  void timelineKeepsTheLastWindowAndMarksReselections() {
    DeepScalePanel panel;
    panel.setStatus(activeStatus());
    const int total = ResolutionTimelinePlot::kWindowFrames + 200;
    for (int n = 1; n <= total; ++n) panel.addFrame(deepscaleFrame(n, (n / 40) % 5, n % 40 == 1));
    // Frames (total − window, total] survive: window + 1 points with keys ≥ total − window.
    QCOMPARE(panel.timeline()->pointCount(), ResolutionTimelinePlot::kWindowFrames + 1);
    int marks = 0;
    for (int n = total - ResolutionTimelinePlot::kWindowFrames; n <= total; ++n) marks += n % 40 == 1;
    QCOMPARE(panel.timeline()->markerCount(), marks);
    FrameView inactive = deepscaleFrame(total + 1, 0, true);
    inactive.deepscale.active = false;
    panel.addFrame(inactive);
    QCOMPARE(panel.timeline()->pointCount(), ResolutionTimelinePlot::kWindowFrames + 1);
    panel.addFrame(deepscaleFrame(1, 0, true));  // loop / seek back: the timeline starts over
    QCOMPARE(panel.timeline()->pointCount(), 1);
    QCOMPARE(panel.timeline()->markerCount(), 1);
    panel.clear();
    QCOMPARE(panel.timeline()->pointCount(), 0);
  }

  void buttonsRequestParametersAndFollowTheEcho() {
    DeepScalePanel panel;
    QSignalSpy spy(&panel, &DeepScalePanel::parameterChanged);
    StatusView status = activeStatus();
    panel.setStatus(status);
    QVERIFY(button(panel, "deepscale_adaptive")->isChecked());
    QVERIFY(!button(panel, "deepscale_fixed")->isChecked());
    QVERIFY(button(panel, "deepscale_preset_C2")->isChecked());
    QVERIFY(!button(panel, "deepscale_preset_C1")->isChecked());

    button(panel, "deepscale_fixed")->click();
    button(panel, "deepscale_preset_C1")->click();
    button(panel, "deepscale_preset_C3")->click();
    button(panel, "deepscale_adaptive")->click();
    QCOMPARE(spy.count(), 4);
    const QList<QPair<QString, double>> expected = {
        {"deepscale.mode", 0.0}, {"deepscale.preset", 1.0}, {"deepscale.preset", 3.0}, {"deepscale.mode", 1.0}};
    for (int i = 0; i < spy.count(); ++i) {
      QCOMPARE(spy[i][0].toString(), expected[i].first);
      QCOMPARE(spy[i][1].toDouble(), expected[i].second);
    }
    // Nothing echoed yet: the buttons still show the applied state.
    QVERIFY(button(panel, "deepscale_adaptive")->isChecked());
    QVERIFY(!button(panel, "deepscale_preset_C1")->isChecked());
    QVERIFY(button(panel, "deepscale_preset_C2")->isChecked());

    status.parameters["deepscale.mode"] = 0.0;
    status.parameters["deepscale.preset"] = 0.0;  // custom γs: no preset checked
    panel.setStatus(status);
    QVERIFY(button(panel, "deepscale_fixed")->isChecked());
    QVERIFY(!button(panel, "deepscale_adaptive")->isChecked());
    for (const char* name : {"deepscale_preset_C1", "deepscale_preset_C2", "deepscale_preset_C3"}) {
      QVERIFY(!button(panel, name)->isChecked());
    }
  }

  void scoresShowEachRungWithItsGamma() {
    DeepScalePanel panel;
    panel.setStatus(activeStatus());
    const QString text = panel.scoresText();
    for (const QString& label : kLabels) QVERIFY2(text.contains(label), qPrintable(text));
    for (const char* value : {"0.93", "0.81", "0.42", "0.10", "0.80", "0.50"}) QVERIFY2(text.contains(value), value);
    QVERIFY(text.contains("never"));  // γ above 1
    QVERIFY(text.contains("running"));
    QVERIFY(panel.summaryText().contains("704x384"));
    QVERIFY(panel.summaryText().contains("6 re-selections"));
  }

  void inactiveSaysSoAndDisablesTheControls() {
    DeepScalePanel panel;
    QVERIFY(!button(panel, "deepscale_adaptive")->isEnabled());  // before any status
    panel.setStatus(activeStatus());
    QVERIFY(button(panel, "deepscale_adaptive")->isEnabled());
    QVERIFY(button(panel, "deepscale_preset_C3")->isEnabled());
    StatusView off;
    off.parameters = activeStatus().parameters;
    panel.setStatus(off);
    QVERIFY(!panel.isDeepScaleActive());
    QVERIFY(panel.summaryText().contains("no DeepScale support"));
    QVERIFY(panel.summaryText().contains("jde:"));
    QVERIFY(!button(panel, "deepscale_fixed")->isEnabled());
    QVERIFY(!button(panel, "deepscale_preset_C1")->isEnabled());
    QVERIFY(panel.scoresText().isEmpty());
  }

  void replotsAreCoalescedAndOnlyWhileVisible() {
    DeepScalePanel panel;
    for (int n = 1; n <= 100; ++n) panel.addFrame(deepscaleFrame(n, 1, false));
    QTest::qWait(3 * DeepScalePanel::kReplotIntervalMs);
    QCOMPARE(panel.replotCount(), 0);  // hidden: data kept, nothing drawn
    panel.show();
    QTRY_COMPARE(panel.replotCount(), 1);
    for (int n = 101; n <= 300; ++n) {
      panel.addFrame(deepscaleFrame(n, 2, false));
      panel.setStatus(activeStatus());
    }
    QTRY_COMPARE(panel.replotCount(), 2);  // 400 updates, one replot
    QTest::qWait(3 * DeepScalePanel::kReplotIntervalMs);
    QCOMPARE(panel.replotCount(), 2);
  }

  void badgeShowsTheInputSizeAndMarksReselection() {
    QCOMPARE(VideoView::badgeText(DeepScaleFrameView{}), QString());
    QCOMPARE(VideoView::badgeText(DeepScaleFrameView{true, 768, 576, 1, false}), QString::fromUtf8("768×576"));
    QCOMPARE(VideoView::badgeText(DeepScaleFrameView{true, 0, 576, 1, false}), QString());

    auto countMarkerPixels = [](bool reselected) {
      VideoView view;
      view.resize(640, 360);
      FrameView frame = deepscaleFrame(5, 0, reselected);
      frame.image = QImage(640, 360, QImage::Format_RGB888);
      frame.image.fill(Qt::white);  // badge must stay readable on a bright picture
      view.showFrame(frame);
      const QImage shot = view.grab().toImage();
      int marker = 0, dark = 0;
      for (int y = 0; y < 80; ++y) {
        for (int x = shot.width() - 200; x < shot.width(); ++x) {
          const QColor c = shot.pixelColor(x, y);
          if (qAbs(c.red() - 255) < 30 && qAbs(c.green() - 176) < 30 && c.blue() < 60) ++marker;
          if (c.lightness() < 80) ++dark;
        }
      }
      return qMakePair(marker, dark);
    };
    const auto plain = countMarkerPixels(false);
    const auto reselected = countMarkerPixels(true);
    QVERIFY2(plain.second > 200, "the badge has a dark background");
    QCOMPARE(plain.first, 0);
    QVERIFY2(reselected.first > 4, "re-selection frames carry the marker");
  }
};

QTEST_MAIN(TestDeepScalePanel)
#include "TestDeepScalePanel.moc"
