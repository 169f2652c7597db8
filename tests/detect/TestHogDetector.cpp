// Integration test: OpenCV's HOG people detector on a real PETS09-S2L1 (vtest.avi) frame.
#include <QtTest>

#include "DetectTestData.h"
#include "detect/DetectorFactory.h"
#include "detect/HogDetector.h"

using namespace edgescope;

class TestHogDetector : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    const QString missing = detecttest::missingVtestData();
    if (!missing.isEmpty()) QSKIP(qPrintable(missing));
    frames_ = detecttest::vtestFrames(50, 1);
    QCOMPARE(int(frames_.size()), 1);
  }
  void findsPeopleOnAVtestFrame() {
    const auto gt = detecttest::groundTruth(50);
    QCOMPARE(int(gt.size()), 6);
    const auto hog = DetectorFactory::create("hog");
    const auto detections = hog->detect(frames_[0]);
    const int matched = detecttest::matchedPeople(detections, gt, 0.4f);
    qInfo("hog: %d detections, %d of %d GT people matched at IoU >= 0.4", int(detections.size()), matched,
          int(gt.size()));
    QVERIFY2(matched >= 4, qPrintable(QString::number(matched)));
    for (const auto& d : detections) {
      QVERIFY(d.score >= 0.5f && d.score <= 1.0f);  // hit threshold 0 → margin ≥ 0 → logistic ≥ 0.5
      QVERIFY(d.box.x >= 0 && d.box.y >= 0 && d.box.right() <= 768 && d.box.bottom() <= 576);
      QVERIFY(d.box.height > d.box.width);
    }
    for (std::size_t i = 1; i < detections.size(); ++i) QVERIFY(detections[i - 1].score >= detections[i].score);
  }
  void lowerHitThresholdGivesMoreWeakerBoxes() {
    const auto strict = DetectorFactory::create("hog")->detect(frames_[0]);
    const auto loose = DetectorFactory::create("hog?hit=-0.5")->detect(frames_[0]);
    QVERIFY(loose.size() >= strict.size());
    QVERIFY(!loose.empty() && loose.back().score < 0.5f + 1e-6f);
  }
  void upscaleMapsBoxesBackToTheFrame() {
    const auto gt = detecttest::groundTruth(50);
    const auto detections = DetectorFactory::create("hog?upscale=1.5")->detect(frames_[0]);
    QVERIFY(detecttest::matchedPeople(detections, gt, 0.4f) >= 4);
    for (const auto& d : detections) QVERIFY(d.box.right() <= 768 && d.box.bottom() <= 576);
  }
  void scoresAreLogisticOfTheMargin() {
    QCOMPARE(HogDetector::scoreFromMargin(0.0), 0.5f);
    QVERIFY(std::abs(HogDetector::scoreFromMargin(2.0) - 0.8808f) < 1e-4f);
    QVERIFY(HogDetector::scoreFromMargin(-3.0) < 0.05f);
  }

 private:
  std::vector<cv::Mat> frames_;
};

QTEST_APPLESS_MAIN(TestHogDetector)
#include "TestHogDetector.moc"
