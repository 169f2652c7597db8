// The Patches tab (ParaLoupe, issue 20): the Gantt of one frame draws a row per device, a bar per segment in its
// phase's colour, the predicted T_i outlines where each device's time starts and the SLO line; the latency strip keeps
// the last 300 PL frames, follows the newest and shows the frame a click chooses; the node-share area stacks each
// device's share of the served patches; the panel's caption sums it up and the window composes it as a tab.
#include <qcustomplot.h>
#include <QDockWidget>
#include <QMainWindow>
#include <QtTest>

#include "MainWindow.h"
#include "NodeShareArea.h"
#include "PatchGanttPlot.h"
#include "PatchLatencyStrip.h"
#include "PatchesPanel.h"
#include "SessionHub.h"

using namespace edgescope;

namespace {
constexpr double kSloMs = 40.0;

/// A PL frame: the camera generates, schedules and encodes, node1 and node2 answer, node3 is late; the camera runs
/// two patches itself and aggregates. 12 segments, 4 devices, 8 patches (High 5 / Low 2 / RoI 1), 1 shed.
FrameView plFrame(qint64 number, double endToEndMs) {
  FrameView frame;
  frame.frameNumber = number;
  PartitionView& p = frame.partition;
  p.active = true;
  p.requested = p.strategy = "PL";
  p.endToEndMs = endToEndMs;
  ParaLoupeView& pl = p.paraloupe;
  pl.active = true;
  pl.scheduler = "markov";
  pl.patches = 8;
  pl.high = 5;
  pl.low = 2;
  pl.roi = 1;
  pl.shed = 1;
  pl.sloMs = kSloMs;
  pl.sloMet = endToEndMs <= kSloMs;
  pl.utility = 0.8126;
  pl.iterations = 143;
  pl.gantt = {{"camera", "generate", 0.0, 2.0},  {"camera", "schedule", 2.0, 2.5}, {"camera", "encode", 2.5, 3.5},
              {"node1", "uplink", 3.5, 8.0},     {"node1", "queue", 8.0, 9.0},     {"node1", "compute", 9.0, 20.0},
              {"node1", "downlink", 20.0, 21.0}, {"node2", "uplink", 3.6, 10.0},   {"node2", "compute", 10.0, 25.0},
              {"node2", "downlink", 25.0, 27.0}, {"camera", "compute", 3.6, 15.0}, {"camera", "aggregate", 27.0, 29.0}};
  pl.devices = {{"camera", 2, 12.0, 11.4, false},
                {"node1", 3, 19.0, 17.5, false},
                {"node2", 2, 22.0, 23.4, false},
                {"node3", 1, 15.0, -1.0, true}};
  const QStringList served = {"camera", "camera", "node1", "node1", "node1", "node2", "node2"};
  for (int k = 0; k < 8; ++k) {
    PatchRecordView record;
    record.id = k;
    record.kind = k < 5 ? "high" : k < 7 ? "low" : "roi";
    record.node = k < served.size() ? served[k] : QString();  // the last one is shed
    record.served = !record.node.isEmpty();
    pl.records.push_back(record);
  }
  return frame;
}

int itemRectCount(QCustomPlot* plot, const QColor& brush = {}) {
  int count = 0;
  for (int i = 0; i < plot->itemCount(); ++i) {
    auto* rect = qobject_cast<QCPItemRect*>(plot->item(i));
    if (rect && (!brush.isValid() || (rect->brush().style() != Qt::NoBrush && rect->brush().color() == brush))) ++count;
  }
  return count;
}

/// Clicks the strip's bar of frame @p frameNumber (the plot laid out first).
void clickBar(PatchLatencyStrip* strip, qint64 frameNumber, bool twice = false) {
  QCustomPlot* plot = strip->plot();
  plot->replot();
  const QPoint at(qRound(plot->xAxis->coordToPixel(static_cast<double>(frameNumber))),
                  qRound(plot->yAxis->coordToPixel(plot->yAxis->range().lower + plot->yAxis->range().size() * 0.1)));
  if (twice) {
    QTest::mouseDClick(plot, Qt::LeftButton, {}, at);
  } else {
    QTest::mouseClick(plot, Qt::LeftButton, {}, at);
  }
}
}  // namespace

class TestPatchGanttPlot : public QObject {
  Q_OBJECT
 private slots:
  void ganttDrawsRowsBarsOutlinesAndSlo() {
    PatchGanttPlot gantt;
    gantt.resize(900, 300);
    gantt.show();
    QVERIFY(gantt.rowNames().isEmpty());
    QCOMPARE(gantt.sloLineMs(), -1.0);
    int legendEntries = 0;  // the legend grid may hold empty cells
    for (int i = 0; i < gantt.plot()->legend->itemCount(); ++i) legendEntries += gantt.plot()->legend->item(i) ? 1 : 0;
    QCOMPARE(legendEntries, 13);  // 10 phases, predicted Tᵢ, SLO, end to end
    const FrameView frame = plFrame(7, 33.0);
    gantt.showFrame(frame.frameNumber, frame.partition);
    QCOMPARE(gantt.shownFrame(), qint64(7));
    QCOMPARE(gantt.rowNames(), QStringList({"camera", "node1", "node2", "node3"}));
    QCOMPARE(gantt.barCount(), 12);
    QCOMPARE(gantt.outlineCount(), 4);
    QCOMPARE(itemRectCount(gantt.plot()), 16);
    QCOMPARE(itemRectCount(gantt.plot(), PatchGanttPlot::phaseColor("compute")), 3);
    QCOMPARE(itemRectCount(gantt.plot(), PatchGanttPlot::phaseColor("uplink")), 2);
    QVERIFY(PatchGanttPlot::phaseColor("compute") != PatchGanttPlot::phaseColor("uplink"));
    QCOMPARE(PatchGanttPlot::phases().size(), 10);
    QCOMPARE(gantt.sloLineMs(), kSloMs);
    // T_i from the send time: a node's first segment, the camera's own compute, a late node's request after the
    // camera's last encode.
    QCOMPARE(gantt.predictedOutline("node1"), QRectF(3.5, 1, 19.0, 0));
    QCOMPARE(gantt.predictedOutline("node2"), QRectF(3.6, 2, 22.0, 0));
    QCOMPARE(gantt.predictedOutline("camera"), QRectF(3.6, 0, 12.0, 0));
    QCOMPARE(gantt.predictedOutline("node3"), QRectF(3.5, 3, 15.0, 0));
    QVERIFY(gantt.predictedOutline("node9").isNull());
    // The axes hold the whole frame and the SLO; the rows carry their patch counts (or "late").
    QTRY_VERIFY(gantt.replotCount() > 0);
    gantt.plot()->replot();
    QVERIFY(gantt.plot()->xAxis->range().upper >= kSloMs);
    QCOMPARE(gantt.plot()->xAxis->range().lower, 0.0);
    auto ticker = gantt.plot()->yAxis->ticker().dynamicCast<QCPAxisTickerText>();
    QVERIFY(ticker);
    QCOMPARE(ticker->ticks().size(), 4);
    QVERIFY(ticker->ticks().value(1).contains("3 patches"));
    QVERIFY(ticker->ticks().value(3).contains("late"));

    // A keyframe: the camera row alone; the previous frame's items are gone.
    FrameView keyframe = plFrame(8, 61.0);
    ParaLoupeView& pl = keyframe.partition.paraloupe;
    pl.keyframe = true;
    pl.devices.clear();
    pl.gantt = {{"camera", "generate", 0.0, 2.0}, {"camera", "keyframe", 2.0, 55.0}, {"camera", "track", 55.0, 60.0}};
    gantt.showFrame(keyframe.frameNumber, keyframe.partition);
    QCOMPARE(gantt.rowNames(), QStringList({"camera"}));
    QCOMPARE(gantt.barCount(), 3);
    QCOMPARE(gantt.outlineCount(), 0);
    QCOMPARE(itemRectCount(gantt.plot()), 3);
    QCOMPARE(gantt.plot()->itemCount(), 5);  // + SLO and end-to-end lines
    gantt.clear();
    QVERIFY(gantt.rowNames().isEmpty());
    QCOMPARE(gantt.plot()->itemCount(), 0);
    QCOMPARE(gantt.sloLineMs(), -1.0);
  }

  void stripClickChoosesTheGanttsFrame() {
    PatchesPanel panel;
    panel.resize(1200, 700);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    PatchLatencyStrip* strip = panel.strip();
    QVERIFY(panel.captionText().contains("No ParaLoupe frames"));
    FrameView local;
    local.frameNumber = 1;  // not under PL: ignored
    panel.addFrame(local);
    QCOMPARE(strip->frameCount(), 0);
    for (int n = 1; n <= 50; ++n) panel.addFrame(plFrame(n, n % 10 == 0 ? 45.0 : 30.0));
    QCOMPARE(strip->frameCount(), 50);
    QVERIFY(strip->isFollowing());
    QCOMPARE(panel.gantt()->shownFrame(), qint64(50));
    QCOMPARE(strip->sloMetShare(), 0.9);
    QCOMPARE(strip->meanPatches(), 8.0);
    const QString caption = panel.captionText();
    QVERIFY2(caption.contains("Frame 50") && caption.contains("(newest)"), qPrintable(caption));
    QVERIFY2(caption.contains("8 patches (High 5 / Low 2 / RoI 1), 1 shed, U 0.813, 143 iterations"),
             qPrintable(caption));
    QVERIFY2(caption.contains("SLO met 90.0 %"), qPrintable(caption));

    QTRY_VERIFY(strip->replotCount() > 0);
    clickBar(strip, 20);
    QVERIFY(!strip->isFollowing());
    QCOMPARE(panel.gantt()->shownFrame(), qint64(20));
    QVERIFY(panel.captionText().contains("Frame 20"));
    QVERIFY(!panel.captionText().contains("(newest)"));
    panel.addFrame(plFrame(51, 30.0));  // the choice stays while frames come
    QCOMPARE(panel.gantt()->shownFrame(), qint64(20));
    clickBar(strip, 51, true);  // double-click: follow the newest again
    QVERIFY(strip->isFollowing());
    QCOMPARE(panel.gantt()->shownFrame(), qint64(51));

    // The ring keeps 300 frames; a chosen frame that leaves it gives way to the newest.
    strip->selectFrame(40);
    QCOMPARE(panel.gantt()->shownFrame(), qint64(40));
    for (int n = 52; n <= 400; ++n) panel.addFrame(plFrame(n, 30.0));
    QCOMPARE(strip->frameCount(), PatchLatencyStrip::kRingFrames);
    QCOMPARE(strip->oldestFrame(), qint64(101));
    QCOMPARE(strip->newestFrame(), qint64(400));
    QVERIFY(strip->entry(100) == nullptr);
    QVERIFY(strip->entry(101) != nullptr);
    QVERIFY(strip->isFollowing());
    QCOMPARE(panel.gantt()->shownFrame(), qint64(400));
    QCOMPARE(panel.shareArea()->frameCount(), NodeShareArea::kWindowFrames);
    // Choosing a frame that is not kept picks the nearest kept one; a seek clears the ring.
    strip->selectFrame(5);
    QCOMPARE(panel.gantt()->shownFrame(), qint64(101));
    panel.addFrame(plFrame(5, 30.0));
    QCOMPARE(strip->frameCount(), 1);
    QVERIFY(strip->isFollowing());
    QCOMPARE(panel.gantt()->shownFrame(), qint64(5));
  }

  void hiddenPanelBuildsTheGanttWhenShown() {
    PatchesPanel panel;
    for (int n = 1; n <= 5; ++n) panel.addFrame(plFrame(n, 30.0));
    QCOMPARE(panel.strip()->frameCount(), 5);
    QCOMPARE(panel.gantt()->shownFrame(), qint64(0));  // nothing built while hidden
    QCOMPARE(panel.strip()->replotCount(), 0);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QCOMPARE(panel.gantt()->shownFrame(), qint64(5));
    QVERIFY(panel.captionText().contains("Frame 5"));
  }

  void shareAreaStacksServedPatches() {
    NodeShareArea area;
    area.show();
    area.addFrame(plFrame(1, 30.0));
    QCOMPARE(area.deviceNames(), QStringList({"camera", "node1", "node2"}));
    QCOMPARE(area.share("node1", 1), 3.0 / 7.0);
    QCOMPARE(area.share("camera", 1), 2.0 / 7.0);
    QCOMPARE(area.share("node3", 1), 0.0);
    QCOMPARE(area.stackTopPercent("node2"), 100.0);
    QCOMPARE(area.stackTopPercent("camera"), 200.0 / 7.0);
    // A frame only node2 served, then a keyframe (no served patch: left out).
    FrameView only = plFrame(2, 30.0);
    for (PatchRecordView& record : only.partition.paraloupe.records) record.node = record.served ? "node2" : "";
    area.addFrame(only);
    FrameView keyframe = plFrame(3, 50.0);
    keyframe.partition.paraloupe.records.clear();
    area.addFrame(keyframe);
    QCOMPARE(area.frameCount(), 2);
    QCOMPARE(area.share("node2", 2), 1.0);
    QCOMPARE(area.stackTopPercent("node1"), 0.0);
    QTRY_VERIFY(area.replotCount() > 0);
    QCOMPARE(area.plot()->graphCount(), 3);
    QCOMPARE(area.plot()->graph(1)->channelFillGraph(), area.plot()->graph(0));
    QCOMPARE(area.plot()->graph(2)->dataCount(), 2);
    QCOMPARE((area.plot()->graph(2)->data()->constEnd() - 1)->value, 100.0);
    area.clear();
    QVERIFY(area.deviceNames().isEmpty());
    QCOMPARE(area.plot()->graphCount(), 0);
  }

  void windowComposesThePatchesTab() {
    QCoreApplication::setOrganizationName("EdgeScopeTests");
    QCoreApplication::setApplicationName("TestPatchGanttPlot");
    QSettings().clear();
    MainWindow window;
    auto* dock = window.findChild<QDockWidget*>("Patches");
    QVERIFY(dock);
    QCOMPARE(dock->widget(), static_cast<QWidget*>(window.patchesPanel()));
    QVERIFY(window.tabifiedDockWidgets(dock).contains(window.findChild<QDockWidget*>("Partition")));
    emit window.engine()->frameReady(plFrame(3, 30.0));
    QCOMPARE(window.patchesPanel()->strip()->frameCount(), 1);
    emit window.engine()->activeChanged(-1);  // another session: its own history
    QCOMPARE(window.patchesPanel()->strip()->frameCount(), 0);
  }
};

QTEST_MAIN(TestPatchGanttPlot)
#include "TestPatchGanttPlot.moc"
