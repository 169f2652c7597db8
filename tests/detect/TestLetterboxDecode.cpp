// Unit tests for the YOLOX letterbox geometry and the grid decoding, on hand-made tensors (no model file).
#include <QtTest>

#include <cmath>

#include "detect/Letterbox.h"
#include "detect/YoloxDecoder.h"
#include "util/Error.h"

using namespace edgescope;

namespace {

/// A 1×N×(5+C) YOLOX output for @p input filled with "nothing here" (obj 0).
cv::Mat emptyOutput(cv::Size input, int classes) {
  return cv::Mat(std::vector<int>{1, YoloxDecoder::gridCellCount(input), 5 + classes}, CV_32F, cv::Scalar(0));
}

float* cell(cv::Mat& output, int index) { return output.ptr<float>(0, index); }

float at4(const cv::Mat& blob, int n, int c, int y, int x) {
  const int index[] = {n, c, y, x};
  return blob.at<float>(index);
}

}  // namespace

class TestLetterboxDecode : public QObject {
  Q_OBJECT
 private slots:
  void letterboxScalesByTheTighterSide() {
    const Letterbox box(cv::Size(768, 576), cv::Size(416, 416));
    QCOMPARE(box.scale(), 416.0 / 768.0);
    QCOMPARE(box.resizedSize(), cv::Size(416, 312));  // 576 × 0.5417 = 312
    const Letterbox tall(cv::Size(100, 400), cv::Size(416, 416));
    QCOMPARE(tall.scale(), 416.0 / 400.0);
    QCOMPARE(tall.resizedSize(), cv::Size(104, 416));
    const Letterbox none(cv::Size(0, 0), cv::Size(416, 416));
    QCOMPARE(none.scale(), 0.0);
  }
  void letterboxPlacesImageTopLeftAndPadsWith114() {
    const cv::Mat image(200, 400, CV_8UC3, cv::Scalar(10, 20, 30));
    const Letterbox box(image.size(), cv::Size(64, 64));
    const cv::Mat padded = box.apply(image);
    QCOMPARE(padded.size(), cv::Size(64, 64));
    QCOMPARE(padded.at<cv::Vec3b>(0, 0), cv::Vec3b(10, 20, 30));
    QCOMPARE(padded.at<cv::Vec3b>(31, 63), cv::Vec3b(10, 20, 30));  // 200 × 0.16 = 32 rows of image
    QCOMPARE(padded.at<cv::Vec3b>(32, 0), cv::Vec3b(114, 114, 114));
    QCOMPARE(padded.at<cv::Vec3b>(63, 63), cv::Vec3b(114, 114, 114));
    const cv::Mat blob = box.blob(image);
    QCOMPARE(blob.dims, 4);
    QCOMPARE(blob.size[1], 3);
    QCOMPARE(blob.size[2], 64);
    QCOMPARE(at4(blob, 0, 0, 0, 0), 10.0f);  // BGR order kept, 0–255, no normalisation
    QCOMPARE(at4(blob, 0, 2, 0, 0), 30.0f);
    QCOMPARE(at4(blob, 0, 1, 40, 0), 114.0f);
  }
  void letterboxMapsBoxesBack() {
    const Letterbox box(cv::Size(768, 576), cv::Size(416, 416));
    const BoundingBox mapped = box.toImage({52.0f, 104.0f, 26.0f, 52.0f});
    QVERIFY(std::abs(mapped.x - 96.0f) < 1e-3f);
    QVERIFY(std::abs(mapped.y - 192.0f) < 1e-3f);
    QVERIFY(std::abs(mapped.width - 48.0f) < 1e-3f);
    QVERIFY(std::abs(mapped.height - 96.0f) < 1e-3f);
  }
  void gridCellCountCoversThreeStrides() {
    QCOMPARE(YoloxDecoder::gridCellCount(cv::Size(416, 416)), 52 * 52 + 26 * 26 + 13 * 13);
    QCOMPARE(YoloxDecoder::gridCellCount(cv::Size(640, 384)), 80 * 48 + 40 * 24 + 20 * 12);
    QCOMPARE(YoloxDecoder::gridCellCount(cv::Size(400, 416)), 0);
    QCOMPARE(YoloxDecoder::gridCellCount(cv::Size()), 0);
  }
  void decodesEachStrideWithItsGrid() {
    const cv::Size input(64, 64);  // grids 8×8, 4×4, 2×2 → 64 + 16 + 4 cells
    cv::Mat output = emptyOutput(input, 3);
    float* a = cell(output, 8 * 2 + 3);  // stride 8, gx 3, gy 2
    a[0] = 0.5f, a[1] = 0.25f, a[2] = std::log(2.0f), a[3] = std::log(4.0f), a[4] = 0.9f, a[5] = 0.8f;
    float* b = cell(output, 64 + 4 * 1 + 2);  // stride 16, gx 2, gy 1
    b[0] = 0.0f, b[1] = 0.0f, b[2] = 0.0f, b[3] = 0.0f, b[4] = 1.0f, b[5] = 0.5f;
    float* c = cell(output, 64 + 16 + 3);    // stride 32, gx 1, gy 1
    c[4] = 1.0f, c[5] = 0.05f, c[7] = 0.7f;  // person score below threshold, class 2 high
    const auto people = YoloxDecoder::decode(output, input, {0.1f, {0}});
    QCOMPARE(int(people.size()), 2);
    QCOMPARE(people[0].score, 0.9f * 0.8f);
    QCOMPARE(people[0].box.centerX(), (0.5f + 3) * 8);
    QCOMPARE(people[0].box.centerY(), (0.25f + 2) * 8);
    QVERIFY(std::abs(people[0].box.width - 16.0f) < 1e-4f);
    QVERIFY(std::abs(people[0].box.height - 32.0f) < 1e-4f);
    QCOMPARE(people[1].box.x, 2 * 16.0f - 8.0f);
    QCOMPARE(people[1].box.y, 1 * 16.0f - 8.0f);
    QCOMPARE(people[1].box.width, 16.0f);
    const auto cars = YoloxDecoder::decode(output, input, {0.1f, {2}});
    QCOMPARE(int(cars.size()), 1);
    QCOMPARE(cars[0].classId, 2);
    QCOMPARE(cars[0].box.centerX(), 32.0f);                                    // (raw 0 + gx 1) × 32
    QCOMPARE(int(YoloxDecoder::decode(output, input, {0.1f, {}}).size()), 3);  // all classes
    QCOMPARE(int(YoloxDecoder::decode(output, input, {0.5f, {0}}).size()), 1);
  }
  void decodesTwoDimensionalOutputs() {
    const cv::Size input(32, 32);
    cv::Mat output(YoloxDecoder::gridCellCount(input), 6, CV_32F, cv::Scalar(0));
    output.at<float>(0, 4) = 0.6f;
    output.at<float>(0, 5) = 0.5f;
    QCOMPARE(int(YoloxDecoder::decode(output, input, {0.1f, {0}}).size()), 1);
  }
  void rejectsShapesThatAreNotYolox() {
    const cv::Size input(416, 416);
    QCOMPARE(YoloxDecoder::checkShape(emptyOutput(input, 80), input, "m.onnx"), 80);
    const auto expectError = [&](const cv::Mat& output, const char* shape) {
      try {
        YoloxDecoder::checkShape(output, input, "m.onnx");
        QFAIL("no error");
      } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("m.onnx"), e.what());
        QVERIFY2(QString(e.what()).contains(shape), e.what());
        QVERIFY2(QString(e.what()).contains("3549"), e.what());
      }
    };
    expectError(cv::Mat(1, 512, CV_32F, cv::Scalar(0)), "1x512");
    expectError(cv::Mat(std::vector<int>{1, 3549, 5}, CV_32F, cv::Scalar(0)), "1x3549x5");
    expectError(cv::Mat(std::vector<int>{1, 85, 22, 22}, CV_32F, cv::Scalar(0)), "1x85x22x22");
    expectError(cv::Mat(std::vector<int>{2, 3549, 85}, CV_32F, cv::Scalar(0)), "2x3549x85");
    expectError(emptyOutput(cv::Size(640, 640), 80), "1x8400x85");
    expectError(cv::Mat(), "empty");
  }
};

QTEST_APPLESS_MAIN(TestLetterboxDecode)
#include "TestLetterboxDecode.moc"
