// The video's overlay layers toggle independently (pixels of each layer's colour appear and disappear), clicking a
// track selects it, its history counts identity switches against GT, zoom keeps the anchor point fixed, and the
// drop/stall indicator follows the status.
#include <QSignalSpy>
#include <QtTest>

#include "TrackHistory.h"
#include "VideoView.h"

using namespace edgescope;

namespace {
constexpr int kTrackId = 7;

FrameView makeFrame(qint64 number, int gtId = 3) {
  FrameView frame;
  frame.frameNumber = number;
  frame.image = QImage(400, 200, QImage::Format_RGB888);
  frame.image.fill(Qt::black);
  frame.hasGroundTruth = true;
  frame.groundTruth = {{QRectF(40, 40, 60, 120), gtId}};
  frame.detections = {{QRectF(250, 30, 50, 100), -1, 0.87}};
  OverlayBox track{QRectF(42, 42, 58, 116), kTrackId};
  track.ageFrames = 5;
  frame.tracks = {track};
  return frame;
}

/// Pixels of @p image close to @p color.
int countColor(const QImage& image, const QColor& color) {
  int count = 0;
  for (int y = 0; y < image.height(); ++y) {
    for (int x = 0; x < image.width(); ++x) {
      const QColor c = image.pixelColor(x, y);
      if (std::abs(c.red() - color.red()) + std::abs(c.green() - color.green()) + std::abs(c.blue() - color.blue()) < 40) {
        ++count;
      }
    }
  }
  return count;
}
}  // namespace

class TestVideoLayers : public QObject {
  Q_OBJECT
 private slots:
  void layersToggle() {
    VideoView view;
    view.resize(400, 200);  // the image fills the widget 1:1
    view.show();
    view.showFrame(makeFrame(1));
    const QColor trackColor = VideoView::colorForId(kTrackId), detectionColor(255, 220, 0);
    QImage shot = view.grab().toImage();
    QVERIFY(countColor(shot, trackColor) > 100);
    QVERIFY(countColor(shot, detectionColor) > 50);
    view.setLayerVisible(VideoView::Layer::Tracks, false);
    shot = view.grab().toImage();
    QVERIFY(countColor(shot, trackColor) < 10);
    QVERIFY(countColor(shot, detectionColor) > 50);
    view.setLayerVisible(VideoView::Layer::Detections, false);
    QVERIFY(countColor(view.grab().toImage(), detectionColor) < 5);
    view.setLayerVisible(VideoView::Layer::Tracks, true);
    view.setLayerVisible(VideoView::Layer::Labels, false);
    const int withoutLabel = countColor(view.grab().toImage(), trackColor);
    view.setLayerVisible(VideoView::Layer::Labels, true);
    QVERIFY(countColor(view.grab().toImage(), trackColor) > withoutLabel + 20);  // the filled id tag
    QVERIFY(view.layerVisible(VideoView::Layer::GroundTruth));
    QVERIFY(!VideoView::layerName(VideoView::Layer::Indicators).isEmpty());
  }

  void selectsTracksAndKeepsHistory() {
    VideoView view;
    view.resize(400, 200);
    view.show();
    QSignalSpy selected(&view, &VideoView::trackSelected);
    for (int i = 1; i <= 4; ++i) view.showFrame(makeFrame(i, i <= 2 ? 3 : 4));  // GT identity changes at frame 3
    QCOMPARE(view.selectAt(QPointF(70, 100)), kTrackId);
    QCOMPARE(selected.last()[0].toInt(), kTrackId);
    const TrackHistory::Entry entry = view.history().entry(kTrackId);
    QCOMPARE(entry.firstSeen, qint64(1 - 5));
    QCOMPARE(entry.lastSeen, qint64(4));
    QCOMPARE(entry.framesShown, 4);
    QCOMPARE(entry.gtId, 4);
    QCOMPARE(entry.idSwitches, 1);
    QVERIFY(view.history().describe(kTrackId).contains("ID switches: 1"));
    QCOMPARE(view.selectAt(QPointF(380, 190)), -1);  // empty spot clears the selection
    view.showFrame(makeFrame(1));                     // seek back: history restarts
    QCOMPARE(view.history().entry(kTrackId).framesShown, 1);
  }

  void zoomKeepsTheAnchor() {
    VideoView view;
    view.resize(400, 200);
    view.show();
    view.showFrame(makeFrame(1));
    view.zoomBy(2.0, QPointF(70, 100));
    QCOMPARE(view.zoom(), 2.0);
    QCOMPARE(view.selectAt(QPointF(70, 100)), kTrackId);  // the same image point is under the cursor
    view.zoomBy(0.1, QPointF(0, 0));
    QCOMPARE(view.zoom(), 1.0);  // clamped
  }

  void indicatorsFollowStatus() {
    VideoView view;
    view.showFrame(makeFrame(10));
    StatusView status;
    status.health = "ok";
    status.currentFrame = 10;
    view.setStatus(status);
    QVERIFY(view.indicatorText().isEmpty());
    status.sourceDropped = 12;
    view.setStatus(status);
    QVERIFY(view.indicatorText().contains("12"));
    status.health = "stalled";
    view.setStatus(status);
    QVERIFY(view.indicatorText().contains("STALLED"));
  }
};

QTEST_MAIN(TestVideoLayers)
#include "TestVideoLayers.moc"
