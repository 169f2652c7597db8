// Unit tests for greedy NMS, box clipping and embedding normalisation.
#include <QtTest>

#include <cmath>
#include <limits>

#include "detect/DetectImage.h"
#include "detect/Embedder.h"
#include "detect/NonMaxSuppression.h"

using namespace edgescope;

namespace {

Detection det(float x, float y, float w, float h, float score, int classId = 0) {
  Detection d;
  d.box = {x, y, w, h};
  d.score = score;
  d.classId = classId;
  return d;
}

}  // namespace

class TestNonMaxSuppression : public QObject {
  Q_OBJECT
 private slots:
  void keepsBestOfOverlappingBoxes() {
    // b overlaps a with IoU 0.6 (> 0.45), c overlaps a with IoU 1/3 (kept), d is elsewhere.
    const auto kept = NonMaxSuppression::apply(
        {det(0, 0, 10, 10, 0.5f), det(2.5f, 0, 10, 10, 0.9f), det(5, 0, 10, 10, 0.3f), det(50, 50, 5, 5, 0.4f)}, 0.45f);
    QCOMPARE(int(kept.size()), 2);
    QCOMPARE(kept[0].score, 0.9f);  // b suppresses a (0.6 IoU) and c (IoU of b and c is 0.6)
    QCOMPARE(kept[1].score, 0.4f);
  }
  void thresholdIsStrict() {
    // Two 10×10 boxes shifted by 5: IoU = 50 / 150 = 1/3.
    QCOMPARE(int(NonMaxSuppression::apply({det(0, 0, 10, 10, 0.9f), det(5, 0, 10, 10, 0.8f)}, 0.34f).size()), 2);
    QCOMPARE(int(NonMaxSuppression::apply({det(0, 0, 10, 10, 0.9f), det(5, 0, 10, 10, 0.8f)}, 0.33f).size()), 1);
  }
  void classesSuppressOnlyThemselves() {
    const std::vector<Detection> input{det(0, 0, 10, 10, 0.9f, 0), det(0, 0, 10, 10, 0.8f, 2)};
    QCOMPARE(int(NonMaxSuppression::apply(input, 0.45f, true).size()), 2);
    QCOMPARE(int(NonMaxSuppression::apply(input, 0.45f, false).size()), 1);
  }
  void sortsAndDropsNonFinite() {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const auto kept = NonMaxSuppression::apply(
        {det(0, 0, 1, 1, 0.1f), det(10, 0, 1, 1, 0.7f), det(nan, 0, 1, 1, 0.99f), det(20, 0, 1, 1, nan)}, 0.5f);
    QCOMPARE(int(kept.size()), 2);
    QCOMPARE(kept[0].score, 0.7f);
    QVERIFY(NonMaxSuppression::apply({}, 0.5f).empty());
  }
  void clipsBoxesToTheFrame() {
    const cv::Size frame(100, 50);
    const BoundingBox clipped = DetectImage::clipBox({-10, 40, 30, 30}, frame);
    QCOMPARE(clipped.x, 0.0f);
    QCOMPARE(clipped.width, 20.0f);
    QCOMPARE(clipped.height, 10.0f);
    QCOMPARE(DetectImage::clipRect({10.5f, 5.2f, 10.0f, 10.0f}, frame), cv::Rect(10, 5, 11, 11));
    QVERIFY(DetectImage::clipRect({200, 0, 10, 10}, frame).empty());
    QVERIFY(DetectImage::clipRect({std::numeric_limits<float>::quiet_NaN(), 0, 10, 10}, frame).empty());
    QVERIFY(DetectImage::clipRect({5, 5, -3, 10}, frame).empty());
  }
  void convertsFramesToBgr8() {
    QCOMPARE(DetectImage::toBgr8(cv::Mat(4, 4, CV_8UC1, cv::Scalar(7))).type(), CV_8UC3);
    QCOMPARE(DetectImage::toBgr8(cv::Mat(4, 4, CV_8UC4, cv::Scalar(1, 2, 3, 4))).at<cv::Vec3b>(0, 0),
             cv::Vec3b(1, 2, 3));
    QCOMPARE(DetectImage::toBgr8(cv::Mat(4, 4, CV_16UC3, cv::Scalar::all(65535))).at<cv::Vec3b>(0, 0),
             cv::Vec3b(255, 255, 255));
    QVERIFY(DetectImage::toBgr8(cv::Mat()).empty());
  }
  void normalisesEmbeddings() {
    std::vector<float> v{3.0f, 4.0f};
    Embedder::normalizeL2(v);
    QCOMPARE(v[0], 0.6f);
    QCOMPARE(v[1], 0.8f);
    std::vector<float> zero{0.0f, 0.0f};
    Embedder::normalizeL2(zero);
    QCOMPARE(zero[0], 0.0f);
    QCOMPARE(Embedder::cosineSimilarity(v, v), 1.0f);
    QCOMPARE(Embedder::cosineSimilarity(v, {1.0f}), 0.0f);
  }
};

QTEST_APPLESS_MAIN(TestNonMaxSuppression)
#include "TestNonMaxSuppression.moc"
