// Integration tests with the shared pretrained ONNX models on real PETS09-S2L1 (vtest.avi) frames: YOLOX-Nano finds
// the people, OSNet (and, less sharply, the colour histogram) tells the same person in consecutive frames from
// different people.
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <map>
#include <opencv2/imgproc.hpp>

#include "DetectTestData.h"
#include "detect/DetectorFactory.h"
#include "detect/EmbedderFactory.h"
#include "detect/OnnxReidEmbedder.h"
#include "detect/OnnxYoloxDetector.h"
#include "util/Error.h"

using namespace edgescope;

namespace {

const char* kYolox = "yolox_nano.onnx";
const char* kOsnet = "osnet_x0_25_msmt17.onnx";
constexpr int kFrame = 250;  // 7 people in the GT; frames 1–300 are the training/development range

std::vector<Detection> fromGroundTruth(const std::vector<MotRow>& rows) {
  std::vector<Detection> detections;
  for (const auto& row : rows) {
    Detection d;
    d.box = row.box;
    d.classId = row.id;  // carries the identity through embed()
    detections.push_back(d);
  }
  return detections;
}

}  // namespace

class TestDetectOnVtest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    const QString missing = detecttest::missingVtestData();
    if (!missing.isEmpty()) QSKIP(qPrintable(missing));
    frames_ = detecttest::vtestFrames(kFrame, 2);
    QCOMPARE(int(frames_.size()), 2);
  }
  void yoloxFindsThePeople() {
    const std::string path = detecttest::modelPath(kYolox);
    if (!QFile::exists(QString::fromStdString(path))) QSKIP("../shared/models/yolox_nano.onnx absent");
    const auto detector = DetectorFactory::create("onnx-yolox:" + path);
    QCOMPARE(detector->inputSize(), cv::Size(416, 416));  // read from the model, not assumed
    QCOMPARE(detector->name(), std::string("onnx-yolox:yolox_nano"));
    const auto gt = detecttest::groundTruth(kFrame);
    const auto detections = detector->detect(frames_[0]);
    std::vector<Detection> confident;
    for (const auto& d : detections) {
      if (d.score >= 0.5f) confident.push_back(d);
    }
    const int matched = detecttest::matchedPeople(confident, gt, 0.5f);
    qInfo("yolox: %d boxes (%d with score >= 0.5), %d of %d GT people matched at IoU >= 0.5", int(detections.size()),
          int(confident.size()), matched, int(gt.size()));
    QVERIFY2(matched >= 6, qPrintable(QString::number(matched)));
    for (const auto& d : confident) {
      QCOMPARE(d.classId, 0);
      QVERIFY(d.box.x >= 0 && d.box.y >= 0 && d.box.right() <= 768 && d.box.bottom() <= 576);
      QVERIFY2(d.box.height > d.box.width && d.box.height > 30 && d.box.height < 300,
               qPrintable(QString("%1x%2").arg(d.box.width).arg(d.box.height)));
    }
    for (const auto& d : detections) QVERIFY(d.score > 0.1f && d.score <= 1.0f);  // default conf 0.1
    for (std::size_t i = 1; i < detections.size(); ++i) QVERIFY(detections[i - 1].score >= detections[i].score);
  }
  void yoloxOptionsApply() {
    const std::string path = detecttest::modelPath(kYolox);
    if (!QFile::exists(QString::fromStdString(path))) QSKIP("../shared/models/yolox_nano.onnx absent");
    const auto strict = DetectorFactory::create("onnx-yolox:" + path + "?conf=0.5")->detect(frames_[0]);
    for (const auto& d : strict) QVERIFY(d.score > 0.5f);
    const auto all = DetectorFactory::create("onnx-yolox:" + path + "?classes=all&conf=0.5")->detect(frames_[0]);
    QVERIFY(all.size() >= strict.size());
    cv::Mat grey;
    cv::cvtColor(frames_[0], grey, cv::COLOR_BGR2GRAY);
    const auto detector = DetectorFactory::create("onnx-yolox:" + path);
    QVERIFY(detecttest::matchedPeople(detector->detect(grey), detecttest::groundTruth(kFrame), 0.5f) >= 5);
    QVERIFY(detector->detect(cv::Mat()).empty());
    const auto small = DetectorFactory::create("onnx-yolox:" + path + "?size=320");  // OpenCV reshapes the net
    QCOMPARE(small->inputSize(), cv::Size(320, 320));
    QVERIFY(detecttest::matchedPeople(small->detect(frames_[0]), detecttest::groundTruth(kFrame), 0.5f) >= 5);
    for (const auto& d : detector->detect(cv::Mat(480, 640, CV_8UC3, cv::Scalar(0, 0, 0)))) QVERIFY(d.score < 0.3f);
    try {
      DetectorFactory::create("onnx-yolox:" + path + "?classes=80");
      QFAIL("no error for class 80");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("'classes'"), e.what());
    }
  }
  void reidTellsPeopleApart() {
    const std::string path = detecttest::modelPath(kOsnet);
    if (!QFile::exists(QString::fromStdString(path))) QSKIP("../shared/models/osnet_x0_25_msmt17.onnx absent");
    const auto embedder = EmbedderFactory::create("onnx-reid:" + path);
    QCOMPARE(embedder->dimension(), 512);
    const Separation separation = separationOnConsecutiveFrames(*embedder);
    QVERIFY(separation.worstNormError < 1e-4);
    QVERIFY(separation.same > separation.different + 0.2);
    QVERIFY(separation.bestIsSelf >= separation.people - 1);
  }
  void colorHistogramPrefersTheSamePerson() {
    const auto embedder = EmbedderFactory::create("color-hist");
    const Separation separation = separationOnConsecutiveFrames(*embedder);
    QVERIFY(separation.worstNormError < 1e-4);
    QVERIFY(separation.same > separation.different);
    QVERIFY(separation.bestIsSelf >= separation.people - 2);
  }
  void reidHandlesOddBoxes() {
    const std::string path = detecttest::modelPath(kOsnet);
    if (!QFile::exists(QString::fromStdString(path))) QSKIP("../shared/models/osnet_x0_25_msmt17.onnx absent");
    OnnxReidEmbedder embedder(path);
    QCOMPARE(embedder.cropSize(), cv::Size(128, 256));
    QVERIFY(!embedder.dynamicBatch());  // this export fixes the batch at 1
    QCOMPARE(embedder.batchSize(), 1);
    std::vector<Detection> boxes(4);
    boxes[0].box = {500, 150, 40, 100};
    boxes[1].box = {5000, 150, 40, 100};  // outside
    boxes[2].box = {-20, -20, 30, 60};    // partly outside: clipped
    boxes[3].box = {500, 150, 40, 100};
    boxes[1].embedding = {1.0f};  // stale values are replaced
    embedder.embed(frames_[0], boxes);
    QCOMPARE(int(boxes[0].embedding.size()), 512);
    QVERIFY(boxes[1].embedding.empty());
    QCOMPARE(int(boxes[2].embedding.size()), 512);
    QVERIFY(Embedder::cosineSimilarity(boxes[0].embedding, boxes[3].embedding) > 0.9999f);
    std::vector<Detection> none;
    embedder.embed(frames_[0], none);
    embedder.embed(cv::Mat(), boxes);
    QVERIFY(boxes[0].embedding.empty());
  }

 private:
  struct Separation {
    double same = 0, different = 0;  ///< mean cosine similarity of same-identity / different-identity pairs
    int bestIsSelf = 0, people = 0;
    double worstNormError = 0;  ///< max |‖e‖² − 1| over the embeddings of the first frame
  };
  /// Embeds the GT boxes of frames kFrame and kFrame + 1 and compares every pair across the two frames.
  Separation separationOnConsecutiveFrames(Embedder& embedder) {
    auto first = fromGroundTruth(detecttest::groundTruth(kFrame));
    auto second = fromGroundTruth(detecttest::groundTruth(kFrame + 1));
    embedder.embed(frames_[0], first);
    embedder.embed(frames_[1], second);
    double sameSum = 0, differentSum = 0;
    int sameCount = 0, differentCount = 0;
    Separation result;
    result.people = int(first.size());
    for (const auto& a : first) {
      double norm = 0;
      for (float v : a.embedding) norm += double(v) * v;
      result.worstNormError = std::max(result.worstNormError, std::abs(norm - 1.0));
      float best = -2.0f;
      int bestId = -1;
      for (const auto& b : second) {
        const float similarity = Embedder::cosineSimilarity(a.embedding, b.embedding);
        (a.classId == b.classId ? sameSum : differentSum) += similarity;
        ++(a.classId == b.classId ? sameCount : differentCount);
        if (similarity > best) best = similarity, bestId = b.classId;
      }
      if (bestId == a.classId) ++result.bestIsSelf;
    }
    if (sameCount < 5 || differentCount == 0) qFatal("too few GT people on frames %d/%d", kFrame, kFrame + 1);
    result.same = sameSum / sameCount;
    result.different = differentSum / differentCount;
    qInfo("%s: same person %.3f, different people %.3f (means over %d / %d pairs); best match is self for %d of %d",
          embedder.name().c_str(), result.same, result.different, sameCount, differentCount, result.bestIsSelf,
          result.people);
    return result;
  }

  std::vector<cv::Mat> frames_;
};

QTEST_APPLESS_MAIN(TestDetectOnVtest)
#include "TestDetectOnVtest.moc"
