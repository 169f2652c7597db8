// Turbo on the video (issue 21): the helper that picks the detections found only after enhancement (no plain
// detection with IoU ≥ 0.5) and only under turbo.compare, the badge texts ("T3", the difficulty and spent/budget line,
// "dark 0.7"), the painted badge and hatching, and "Enhance this frame", enabled only while paused.
#include <QAction>
#include <QSignalSpy>
#include <QtTest>

#include "TurboOverlay.h"
#include "VideoView.h"

using namespace edgescope;

namespace {

OverlayBox box(double x, double y, double w, double h) { return {QRectF(x, y, w, h), -1, 0.9}; }

/// An enhanced frame (exit 3) under turbo.compare: detection 0 was found plain too, detection 1 only after.
FrameView enhancedFrame() {
  FrameView frame;
  frame.frameNumber = 12;
  frame.image = QImage(400, 200, QImage::Format_RGB888);
  frame.image.fill(Qt::black);
  frame.detections = {box(20, 40, 60, 120), box(250, 40, 80, 120)};
  frame.turbo.active = true;
  frame.turbo.difficulty = 0.7234;
  frame.turbo.exit = 3;
  frame.turbo.spentMs = 12.34;
  frame.turbo.budgetMs = 40.0;
  frame.turbo.plainKnown = true;
  frame.turbo.plainDetections = {box(22, 42, 60, 118)};
  frame.turbo.degradeKind = "dark";
  frame.turbo.degradeStrength = 0.72;
  return frame;
}

/// Pixels of @p image within @p rect close to @p color.
int countColor(const QImage& image, const QColor& color, const QRect& rect) {
  int count = 0;
  for (int y = std::max(0, rect.top()); y <= std::min(image.height() - 1, rect.bottom()); ++y) {
    for (int x = std::max(0, rect.left()); x <= std::min(image.width() - 1, rect.right()); ++x) {
      const QColor c = image.pixelColor(x, y);
      if (std::abs(c.red() - color.red()) + std::abs(c.green() - color.green()) + std::abs(c.blue() - color.blue()) <
          60)
        ++count;
    }
  }
  return count;
}

/// Yellowish pixels of @p image within @p rect (the detections' colour, blended over black).
int countYellow(const QImage& image, const QRect& rect) {
  int count = 0;
  for (int y = rect.top(); y <= rect.bottom(); ++y) {
    for (int x = rect.left(); x <= rect.right(); ++x) {
      const QColor c = image.pixelColor(x, y);
      if (c.red() > 90 && c.green() > 75 && c.blue() < 60) ++count;
    }
  }
  return count;
}

}  // namespace

class TestTurboOverlay : public QObject {
  Q_OBJECT
 private slots:
  void iouOfBoxes() {
    QCOMPARE(TurboOverlay::iou(QRectF(0, 0, 10, 10), QRectF(0, 0, 10, 10)), 1.0);
    QCOMPARE(TurboOverlay::iou(QRectF(0, 0, 10, 10), QRectF(5, 0, 10, 10)), 50.0 / 150.0);
    QCOMPARE(TurboOverlay::iou(QRectF(0, 0, 10, 10), QRectF(20, 0, 10, 10)), 0.0);
    QCOMPARE(TurboOverlay::iou(QRectF(0, 0, 10, 10), QRectF()), 0.0);
  }

  void newBoxesAreThoseNoPlainBoxOverlapsByHalf() {
    const QVector<OverlayBox> plain = {box(0, 0, 10, 10), box(100, 0, 10, 10)};
    const QVector<OverlayBox> detections = {box(1, 0, 10, 10),     // IoU 0.82 with plain 0: seen before
                                            box(50, 0, 10, 10),    // no overlap: new
                                            box(105, 0, 10, 10),   // IoU 1/3 with plain 1: new
                                            box(100, 0, 10, 10)};  // identical to plain 1: seen before
    QCOMPARE(TurboOverlay::foundOnlyAfter(detections, plain), (QVector<int>{1, 2}));
    QCOMPARE(TurboOverlay::foundOnlyAfter(detections, plain, 0.3), (QVector<int>{1}));  // 1/3 ≥ 0.3 counts as seen
    QCOMPARE(TurboOverlay::foundOnlyAfter(detections, {}), (QVector<int>{0, 1, 2, 3}));
    QVERIFY(TurboOverlay::foundOnlyAfter({}, plain).isEmpty());
  }

  void onlyUnderCompareWithKnownPlainBoxes() {
    FrameView frame = enhancedFrame();
    QCOMPARE(TurboOverlay::enhancedOnly(frame), (QVector<int>{1}));
    frame.turbo.plainKnown = false;  // turbo.compare off, or exit 0: nothing to compare with
    QVERIFY(TurboOverlay::enhancedOnly(frame).isEmpty());
  }

  void badgeTexts() {
    TurboFrameView turbo = enhancedFrame().turbo;
    QCOMPARE(TurboOverlay::exitBadgeText(turbo), QString("T3"));
    QCOMPARE(TurboOverlay::detailText(turbo), QString("d 0.72 · 12.3 / 40.0 ms"));
    QCOMPARE(TurboOverlay::degradeText(turbo), QString("dark 0.7"));
    turbo.difficulty = -1.0;
    QCOMPARE(TurboOverlay::detailText(turbo), QString("d – · 12.3 / 40.0 ms"));
    turbo.exit = 0;  // not enhanced: no badge, the degrade marker stays
    QVERIFY(TurboOverlay::exitBadgeText(turbo).isEmpty());
    QVERIFY(TurboOverlay::detailText(turbo).isEmpty());
    QCOMPARE(TurboOverlay::degradeText(turbo), QString("dark 0.7"));
    turbo.exit = 5;
    turbo.active = false;  // Turbo off
    QVERIFY(TurboOverlay::exitBadgeText(turbo).isEmpty());
    turbo.degradeKind.clear();
    QVERIFY(TurboOverlay::degradeText(turbo).isEmpty());
  }

  void viewPaintsBadgeAndHatching() {
    VideoView view;
    view.resize(400, 200);  // the image fills the widget 1:1
    view.show();
    view.setLayerVisible(VideoView::Layer::Tracks, false);
    FrameView frame = enhancedFrame();
    view.showFrame(frame);
    QImage shot = view.grab().toImage();
    const QRect plainInside(30, 60, 40, 80), newInside(260, 60, 60, 80);  // interiors, away from the outlines
    QVERIFY2(countYellow(shot, newInside) > 150, "the new box is hatched");
    QCOMPARE(countYellow(shot, plainInside), 0);
    const QRect badgeArea(200, 0, 200, 100);
    QVERIFY(countColor(shot, TurboOverlay::badgeColor(), badgeArea) > 5);
    QVERIFY(countColor(shot, TurboOverlay::degradeColor(), badgeArea) > 5);

    view.setLayerVisible(VideoView::Layer::Turbo, false);
    shot = view.grab().toImage();
    QCOMPARE(countColor(shot, TurboOverlay::badgeColor(), badgeArea), 0);
    QVERIFY(countYellow(shot, newInside) > 150);  // hatching belongs to the detections layer
    view.setLayerVisible(VideoView::Layer::Detections, false);
    QCOMPARE(countYellow(view.grab().toImage(), newInside), 0);
  }

  void enhanceActionWhilePaused() {
    VideoView view;
    QSignalSpy requested(&view, &VideoView::enhanceRequested);
    QAction* action = view.enhanceAction();
    QVERIFY(!action->isEnabled());
    StatusView status;
    status.state = "paused";
    view.setStatus(status);
    QVERIFY2(!action->isEnabled(), "no frame shown yet");
    view.showFrame(enhancedFrame());
    QVERIFY(action->isEnabled());
    action->trigger();
    QCOMPARE(requested.count(), 1);
    status.state = "playing";
    view.setStatus(status);
    QVERIFY(!action->isEnabled());
  }
};

QTEST_MAIN(TestTurboOverlay)
#include "TestTurboOverlay.moc"
