// Unit tests for the ONNX ReID embedder's crop preprocessing and batching, on tiny hand-written ONNX models
// (channel means of the input), and for the "valid ONNX but not a YOLOX head" detector error — no shared files.
#include <QtTest>

#include <QTemporaryDir>
#include <cmath>

#include "OnnxTestModel.h"
#include "detect/DetectorFactory.h"
#include "detect/EmbedderFactory.h"
#include "detect/OnnxReidEmbedder.h"
#include "util/Error.h"

using namespace edgescope;

namespace {

/// What the embedder must produce for a uniform BGR patch through the channel-mean model: RGB, /255, ImageNet
/// mean/std, then L2-normalised.
std::vector<float> expectedEmbedding(cv::Vec3b bgr) {
  const float mean[3] = {0.485f, 0.456f, 0.406f}, stdDev[3] = {0.229f, 0.224f, 0.225f};
  std::vector<float> v(3);
  double norm = 0;
  for (int c = 0; c < 3; ++c) {
    v[c] = (bgr[2 - c] / 255.0f - mean[c]) / stdDev[c];
    norm += double(v[c]) * v[c];
  }
  for (float& x : v) x = float(x / std::sqrt(norm));
  return v;
}

bool near(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::abs(a[i] - b[i]) > 1e-4f) return false;
  }
  return true;
}

Detection box(float x, float y, float w, float h) {
  Detection d;
  d.box = {x, y, w, h};
  return d;
}

}  // namespace

class TestOnnxReidEmbedder : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    frame_ = cv::Mat(120, 160, CV_8UC3, cv::Scalar(0, 0, 0));
    frame_(cv::Rect(0, 0, 40, 120)).setTo(cv::Scalar(10, 200, 50));
    frame_(cv::Rect(60, 0, 40, 120)).setTo(cv::Scalar(220, 30, 90));
    frame_(cv::Rect(120, 0, 40, 120)).setTo(cv::Scalar(128, 128, 128));
  }
  void normalisesCropsLikeTorchreid() {
    for (int batch : {0, 1, 2}) {  // dynamic, fixed 1 (loop), fixed 2 (padded)
      const std::string path = writeModel(batch, 32, 16);
      OnnxReidEmbedder embedder(path);
      QCOMPARE(embedder.dynamicBatch(), batch == 0);
      QCOMPARE(embedder.batchSize(), batch == 0 ? OnnxReidEmbedder::kMaxDynamicBatch : batch);
      QCOMPARE(embedder.cropSize(), cv::Size(16, 32));
      QCOMPARE(embedder.dimension(), 3);
      std::vector<Detection> detections{box(5, 10, 20, 100), box(300, 0, 10, 10), box(65, 0, 30, 60),
                                        box(125, 20, 30, 90), box(-10, 50, 40, 40)};
      embedder.embed(frame_, detections);
      QVERIFY2(near(detections[0].embedding, expectedEmbedding({10, 200, 50})), qPrintable(QString::number(batch)));
      QVERIFY(detections[1].embedding.empty());  // outside the frame
      QVERIFY(near(detections[2].embedding, expectedEmbedding({220, 30, 90})));
      QVERIFY(near(detections[3].embedding, expectedEmbedding({128, 128, 128})));
      QVERIFY(near(detections[4].embedding, expectedEmbedding({10, 200, 50})));  // clipped to the frame
    }
  }
  void batchesManyCropsOnADynamicModel() {
    OnnxReidEmbedder embedder(writeModel(0, 32, 16));
    std::vector<Detection> many;
    for (int i = 0; i < OnnxReidEmbedder::kMaxDynamicBatch + 5; ++i) many.push_back(box(float(i % 3) * 60, 0, 40, 120));
    embedder.embed(frame_, many);
    for (int i = 0; i < int(many.size()); ++i) {
      QVERIFY(near(many[i].embedding, many[i % 3].embedding));
      QCOMPARE(int(many[i].embedding.size()), 3);
    }
    QVERIFY(!near(many[0].embedding, many[1].embedding));
  }
  void takesGreyAndEmptyFrames() {
    OnnxReidEmbedder embedder(writeModel(1, 32, 16));
    cv::Mat grey(50, 50, CV_8UC1, cv::Scalar(128));
    std::vector<Detection> detections{box(0, 0, 20, 40)};
    embedder.embed(grey, detections);
    QVERIFY(near(detections[0].embedding, expectedEmbedding({128, 128, 128})));
    embedder.embed(cv::Mat(), detections);
    QVERIFY(detections[0].embedding.empty());
  }
  void aValidModelThatIsNotYoloxIsRefused() {
    const std::string path = writeModel(1, 64, 64);
    try {
      DetectorFactory::create("onnx-yolox:" + path);
      QFAIL("no error");
    } catch (const Error& e) {
      const QString message = e.what();
      QVERIFY2(message.contains(QString::fromStdString(path)), e.what());
      QVERIFY2(message.contains("1x3") && message.contains("YOLOX") && message.contains("1x84x(5+C)"), e.what());
    }
    QCOMPARE(DetectorFactory::availableDetectors({path}), std::vector<std::string>{"hog"});
  }
  void aModelWithoutFeatureOutputIsRefused() {
    const std::string path = dir_.filePath("relu.onnx").toStdString();
    onnxtest::writeFile(path, onnxtest::reluModel({1, 3, 32, 16}));
    try {
      OnnxReidEmbedder embedder(path);
      QFAIL("no error");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains(QString::fromStdString(path)) && QString(e.what()).contains("1x3x32x16"),
               e.what());
    }
    QCOMPARE(EmbedderFactory::availableEmbedders({path}), std::vector<std::string>{"color-hist"});
  }
  void dynamicInputSizeNeedsTheSizeOption() {
    const std::string path = writeModel(1, -1, -1);
    try {
      DetectorFactory::create("onnx-yolox:" + path);
      QFAIL("no error");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("?size="), e.what());
    }
    QVERIFY_THROWS_EXCEPTION(Error, DetectorFactory::create("onnx-yolox:" + path + "?size=64"));  // still not YOLOX
  }

 private:
  std::string writeModel(int batch, int height, int width) {
    const std::string path =
        dir_.filePath(QString("mean_b%1_%2x%3.onnx").arg(batch).arg(width).arg(height)).toStdString();
    onnxtest::writeFile(path, onnxtest::channelMeanModel(batch, height, width));
    return path;
  }

  QTemporaryDir dir_;
  cv::Mat frame_;
};

QTEST_APPLESS_MAIN(TestOnnxReidEmbedder)
#include "TestOnnxReidEmbedder.moc"
