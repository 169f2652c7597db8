// ParaLoupe over the video (issue 20): HighConf/LowConf/RoI patches in their colours with "node size" tags (and
// "shed"), the objectness heatmap off until toggled on, the heat image's alpha following p, Shift+drag adding an RoI
// in frame pixels (a click adds none), right-click removing the RoI under the cursor.
#include <QSignalSpy>
#include <QtTest>

#include <opencv2/core/mat.hpp>

#include "PatchOverlay.h"
#include "VideoView.h"
#include "ViewConversion.h"

using namespace edgescope;

namespace {

FrameView makeFrame() {
  FrameView frame;
  frame.frameNumber = 12;
  frame.image = QImage(400, 200, QImage::Format_RGB888);
  frame.image.fill(Qt::black);
  ParaLoupeView& pl = frame.partition.paraloupe;
  frame.partition.active = true;
  pl.active = true;
  pl.records = {{0, "high", QRectF(20, 20, 60, 120), "node1", 64, 128, 3, 3, 0.9, true, true},
                {1, "low", QRectF(150, 30, 50, 100), "camera", 32, 64, 1, 1, 0.7, true, false},
                {2, "roi", QRectF(280, 40, 80, 120), "", 0, 0, 0, 0, 0.0, false, false}};
  cv::Mat p(25, 50, CV_32F, cv::Scalar(0.0f));
  p(cv::Rect(0, 0, 25, 25)).setTo(1.0f);  // the left half of the frame is "person-like"
  pl.objectness = ViewConversion::objectnessImage(p);
  pl.objectnessCellPx = 8;
  return frame;
}

int countNear(const QImage& image, const QColor& color) {
  int count = 0;
  for (int y = 0; y < image.height(); ++y) {
    for (int x = 0; x < image.width(); ++x) {
      const QColor c = image.pixelColor(x, y);
      count += std::abs(c.red() - color.red()) + std::abs(c.green() - color.green()) + std::abs(c.blue() - color.blue()) < 40;
    }
  }
  return count;
}

}  // namespace

class TestPatchOverlay : public QObject {
  Q_OBJECT
 private slots:
  void tags() {
    const FrameView frame = makeFrame();
    QCOMPARE(PatchOverlay::tag(frame.partition.paraloupe.records[0]), QString("node1 64×128"));
    QCOMPARE(PatchOverlay::tag(frame.partition.paraloupe.records[2]), QString("shed"));
    QCOMPARE(PatchOverlay::colorFor("roi"), PatchOverlay::roiColor());
  }
  void heatImageAlphaFollowsP() {
    cv::Mat p(2, 2, CV_32F, cv::Scalar(0.0f));
    p.at<float>(0, 1) = 1.0f;
    p.at<float>(1, 0) = std::nanf("");
    const QImage heat = ViewConversion::objectnessImage(p);
    QCOMPARE(heat.size(), QSize(2, 2));
    QCOMPARE(qAlpha(heat.pixel(0, 0)), 0);
    QVERIFY(qAlpha(heat.pixel(1, 0)) > 150);
    QCOMPARE(qAlpha(heat.pixel(0, 1)), 0);  // NaN is no objectness
    QVERIFY(ViewConversion::objectnessImage(cv::Mat()).isNull());
  }
  void patchesAndHeatmapLayers() {
    VideoView view;
    view.resize(400, 200);
    view.show();
    view.showFrame(makeFrame());
    QImage shot = view.grab().toImage();
    QVERIFY(countNear(shot, PatchOverlay::highColor()) > 100);
    QVERIFY(countNear(shot, PatchOverlay::lowColor()) > 50);
    QVERIFY(!view.layerVisible(VideoView::Layer::Objectness));
    const QColor heat(255, 0, 0);
    const int heatBefore = countNear(shot, QColor(200, 0, 0));
    view.setLayerVisible(VideoView::Layer::Objectness, true);
    shot = view.grab().toImage();
    QVERIFY2(countNear(shot, QColor(200, 0, 0)) > heatBefore + 5000, "no heat over the left half");
    view.setLayerVisible(VideoView::Layer::Patches, false);
    shot = view.grab().toImage();
    QVERIFY(countNear(shot, PatchOverlay::highColor()) < 10);
    (void)heat;
  }
  void shiftDragAddsAndRightClickRemovesRois() {
    VideoView view;
    view.resize(400, 200);
    view.show();
    view.showFrame(makeFrame());
    QSignalSpy spy(&view, &VideoView::roisChanged);
    QTest::mousePress(&view, Qt::LeftButton, Qt::ShiftModifier, QPoint(300, 150));
    QTest::mouseMove(&view, QPoint(200, 50));
    QMouseEvent move(QEvent::MouseMove, QPointF(200, 50), QPointF(200, 50), Qt::NoButton, Qt::LeftButton, Qt::ShiftModifier);
    QApplication::sendEvent(&view, &move);
    QTest::mouseRelease(&view, Qt::LeftButton, Qt::ShiftModifier, QPoint(200, 50));
    QCOMPARE(spy.count(), 1);
    const QVector<QRectF> rois = spy.takeFirst().at(0).value<QVector<QRectF>>();
    QCOMPARE(rois.size(), 1);
    QVERIFY(std::abs(rois[0].left() - 200) < 2 && std::abs(rois[0].top() - 50) < 2);  // dragged up-left: normalised
    QVERIFY(std::abs(rois[0].width() - 100) < 2 && std::abs(rois[0].height() - 100) < 2);
    QTest::mousePress(&view, Qt::LeftButton, Qt::ShiftModifier, QPoint(10, 10));  // a click: no RoI
    QTest::mouseRelease(&view, Qt::LeftButton, Qt::ShiftModifier, QPoint(10, 10));
    QCOMPARE(spy.count(), 0);
    QTest::mouseClick(&view, Qt::RightButton, Qt::NoModifier, QPoint(20, 20));  // outside: nothing
    QCOMPARE(spy.count(), 0);
    QTest::mouseClick(&view, Qt::RightButton, Qt::NoModifier, QPoint(250, 100));
    QCOMPARE(spy.count(), 1);
    QVERIFY(view.rois().isEmpty());
  }
};

QTEST_MAIN(TestPatchOverlay)
#include "TestPatchOverlay.moc"
