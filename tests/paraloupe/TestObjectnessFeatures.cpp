// ObjectnessFeatures: edges where a hand-made pattern has them, a moving square in f_diff, history decay, size change
// resets, occupancy by cell centres.
#include <QtTest>

#include <opencv2/imgproc.hpp>

#include "paraloupe/ObjectnessFeatures.h"

using namespace edgescope;

class TestObjectnessFeatures : public QObject {
  Q_OBJECT
 private slots:
  void gridCoversPartialCells() {
    QCOMPARE(ObjectnessFeatures::gridSize({768, 576}), cv::Size(96, 72));
    QCOMPARE(ObjectnessFeatures::gridSize({770, 577}), cv::Size(97, 73));
  }
  void edgesOnlyWhereThePatternIs() {
    cv::Mat frame(64, 64, CV_8UC3, cv::Scalar::all(100));
    cv::rectangle(frame, cv::Rect(0, 0, 16, 64), cv::Scalar::all(250), cv::FILLED);  // vertical edge at x = 16
    ObjectnessFeatures features;
    const ObjectnessFeatureMaps& maps = features.compute(frame);
    QCOMPARE(maps.edge.size(), cv::Size(8, 8));
    QVERIFY(!maps.hasPrevious);
    // The cells left and right of x = 16 (columns 1 and 2) see the edge; flat cells far away do not.
    QVERIFY(maps.edge.at<float>(4, 1) > 0.5f);
    QVERIFY(maps.edge.at<float>(4, 2) > 0.5f);
    QCOMPARE(maps.edge.at<float>(4, 6), 0.0f);
    QCOMPARE(maps.edge.at<float>(4, 0), 0.0f);
    double maxEdge = 0;
    cv::minMaxLoc(maps.edge, nullptr, &maxEdge);
    QVERIFY(maxEdge <= ObjectnessFeatures::kClamp);
    QCOMPARE(cv::countNonZero(maps.diff), 0);
  }
  void movingSquareShowsInDiff() {
    ObjectnessFeatures features;
    cv::Mat a(80, 80, CV_8UC1, cv::Scalar(50)), b = a.clone();
    cv::rectangle(a, cv::Rect(8, 8, 16, 16), cv::Scalar(200), cv::FILLED);
    cv::rectangle(b, cv::Rect(48, 48, 16, 16), cv::Scalar(200), cv::FILLED);
    features.compute(a);
    const ObjectnessFeatureMaps& maps = features.compute(b);
    QVERIFY(maps.hasPrevious);
    QVERIFY(maps.diff.at<float>(1, 1) > 1.9f);  // 150 grey levels / 32, clamped to 2
    QVERIFY(maps.diff.at<float>(6, 6) > 1.9f);
    QCOMPARE(maps.diff.at<float>(1, 7), 0.0f);
    QCOMPARE(maps.diff.at<float>(4, 4), 0.0f);
  }
  void historyDecays() {
    ObjectnessFeatures features;
    cv::Mat frame(32, 32, CV_8UC1, cv::Scalar(0));
    features.compute(frame);
    const std::vector<BoundingBox> boxes{{0, 0, 16, 16}};
    features.addBoxes(boxes, 0.5);
    QCOMPARE(features.maps().hist.at<float>(0, 0), 0.5f);
    QCOMPARE(features.maps().hist.at<float>(3, 3), 0.0f);
    features.addBoxes(boxes, 0.5);
    QCOMPARE(features.maps().hist.at<float>(1, 1), 0.75f);
    features.addBoxes({}, 0.5);
    QCOMPARE(features.maps().hist.at<float>(1, 1), 0.375f);
    features.compute(frame);  // the history survives frames
    QCOMPARE(features.maps().hist.at<float>(1, 1), 0.375f);
  }
  void sizeChangeResets() {
    ObjectnessFeatures features;
    features.compute(cv::Mat(32, 32, CV_8UC1, cv::Scalar(0)));
    features.addBoxes({{0, 0, 32, 32}}, 1.0);
    const ObjectnessFeatureMaps& maps = features.compute(cv::Mat(48, 40, CV_8UC1, cv::Scalar(9)));
    QVERIFY(!maps.hasPrevious);
    QCOMPARE(maps.hist.size(), cv::Size(5, 6));
    QCOMPARE(cv::countNonZero(maps.hist), 0);
    features.reset();
    QVERIFY(!features.compute(cv::Mat(48, 40, CV_8UC1, cv::Scalar(9))).hasPrevious);
  }
  void occupancyUsesCellCentres() {
    // Box [4, 20) × [0, 8): cell centres 4 and 12 inside, 20 outside.
    const cv::Mat o = ObjectnessFeatures::occupancy({{4, 0, 16, 8}}, {32, 16});
    QCOMPARE(o.at<float>(0, 0), 1.0f);
    QCOMPARE(o.at<float>(0, 1), 1.0f);
    QCOMPARE(o.at<float>(0, 2), 0.0f);
    QCOMPARE(o.at<float>(1, 0), 0.0f);
    QCOMPARE(cv::countNonZero(ObjectnessFeatures::occupancy({{-50, -50, 10, 10}}, {32, 16})), 0);
  }
  void rejectsBadFrames() {
    ObjectnessFeatures features;
    QVERIFY_THROWS_EXCEPTION(std::exception, features.compute(cv::Mat()));
    QVERIFY_THROWS_EXCEPTION(std::exception, features.compute(cv::Mat(8, 8, CV_32F)));
  }
};

QTEST_GUILESS_MAIN(TestObjectnessFeatures)
#include "TestObjectnessFeatures.moc"
