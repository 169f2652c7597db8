// Unit tests for the detector/embedder spec parsing, their errors, and the colour-histogram embedder.
#include <QtTest>

#include <cmath>
#include <functional>
#include <opencv2/imgproc.hpp>

#include "DetectTestData.h"
#include "detect/ColorHistogramEmbedder.h"
#include "detect/ComponentSpec.h"
#include "detect/DetectorFactory.h"
#include "detect/EmbedderFactory.h"
#include "util/Error.h"

using namespace edgescope;

namespace {

void expectErrorNaming(const std::function<void()>& action, const QStringList& needles) {
  try {
    action();
    QFAIL("no error");
  } catch (const Error& e) {
    for (const auto& needle : needles) QVERIFY2(QString(e.what()).contains(needle), e.what());
  }
}

/// A figure with a @p top coloured torso and @p bottom coloured legs on a grey background.
void drawPerson(cv::Mat& image, cv::Rect box, cv::Scalar top, cv::Scalar bottom) {
  cv::rectangle(image, cv::Rect(box.x, box.y, box.width, box.height / 2), top, cv::FILLED);
  cv::rectangle(image, cv::Rect(box.x, box.y + box.height / 2, box.width, box.height - box.height / 2), bottom,
                cv::FILLED);
}

Detection at(cv::Rect r) {
  Detection d;
  d.box = {float(r.x), float(r.y), float(r.width), float(r.height)};
  return d;
}

}  // namespace

class TestDetectorFactory : public QObject {
  Q_OBJECT
 private slots:
  void splitsSpecs() {
    const auto spec = ComponentSpec::parse("onnx-yolox:/a/b.onnx?conf=0.3&size=320");
    QCOMPARE(spec.scheme(), std::string("onnx-yolox"));
    QCOMPARE(spec.path(), std::string("/a/b.onnx"));
    QCOMPARE(spec.options().getString("size", ""), std::string("320"));
    QCOMPARE(ComponentSpec::parse("hog?upscale=2").scheme(), std::string("hog"));
    QCOMPARE(ComponentSpec::parse("hog:?upscale=2").path(), std::string());
    QCOMPARE(ComponentSpec::parse("color-hist").options().values().size(), std::size_t(0));
    QVERIFY_THROWS_EXCEPTION(Error, ComponentSpec::parse(""));
    QVERIFY_THROWS_EXCEPTION(Error, ComponentSpec::parse(":x.onnx"));
  }
  void rejectsBadDetectorSpecs() {
    expectErrorNaming([] { DetectorFactory::create("yolo:x.onnx"); }, {"'yolo'", "onnx-yolox"});
    expectErrorNaming([] { DetectorFactory::create("hog?upscal=2"); }, {"'upscal'"});
    expectErrorNaming([] { DetectorFactory::create("hog?upscale=9"); }, {"'upscale'"});
    expectErrorNaming([] { DetectorFactory::create("hog?stride=12"); }, {"'stride'"});
    expectErrorNaming([] { DetectorFactory::create("hog:model.onnx"); }, {"model.onnx"});
    expectErrorNaming([] { DetectorFactory::create("onnx-yolox"); }, {"onnx-yolox:PATH"});
    expectErrorNaming([] { DetectorFactory::create("onnx-yolox:m.onnx?conf=2"); }, {"'conf'"});
    expectErrorNaming([] { DetectorFactory::create("onnx-yolox:m.onnx?size=400x416"); }, {"'size'"});
    expectErrorNaming([] { DetectorFactory::create("onnx-yolox:m.onnx?size=abc"); }, {"'size'"});
    expectErrorNaming([] { DetectorFactory::create("onnx-yolox:m.onnx?classes=0,x"); }, {"'classes'"});
    expectErrorNaming([] { DetectorFactory::create("onnx-yolox:m.onnx?thr=0.2"); }, {"'thr'"});
    expectErrorNaming([] { DetectorFactory::create("onnx-yolox:/nonexistent/m.onnx"); }, {"/nonexistent/m.onnx"});
  }
  void rejectsBadEmbedderSpecs() {
    expectErrorNaming([] { EmbedderFactory::create("reid:x.onnx"); }, {"'reid'", "color-hist"});
    expectErrorNaming([] { EmbedderFactory::create("color-hist?bins=4"); }, {"'bins'"});
    expectErrorNaming([] { EmbedderFactory::create("onnx-reid"); }, {"onnx-reid:PATH"});
    expectErrorNaming([] { EmbedderFactory::create("onnx-reid:/nonexistent/r.onnx"); }, {"/nonexistent/r.onnx"});
  }
  void createsHogAndColorHist() {
    const auto hog = DetectorFactory::create("hog?upscale=1.5&hit=-0.5&scale=1.1&stride=16");
    QCOMPARE(hog->name(), std::string("hog"));
    QVERIFY(hog->inputSize().empty());
    QVERIFY(hog->detect(cv::Mat()).empty());
    QVERIFY(hog->detect(cv::Mat(20, 20, CV_8UC1, cv::Scalar(0))).empty());  // smaller than the 64×128 window
    const auto hist = EmbedderFactory::create("color-hist");
    QCOMPARE(hist->name(), std::string("color-hist"));
    QCOMPARE(hist->dimension(), 48);
  }
  void listsWhatCanBeOffered() {
    QCOMPARE(DetectorFactory::availableDetectors(), std::vector<std::string>{"hog"});
    QCOMPARE(DetectorFactory::availableDetectors({"/nonexistent/m.onnx"}), std::vector<std::string>{"hog"});
    QCOMPARE(EmbedderFactory::availableEmbedders(), std::vector<std::string>{"color-hist"});
    const std::string yolox = detecttest::modelPath("yolox_nano.onnx");
    const std::string osnet = detecttest::modelPath("osnet_x0_25_msmt17.onnx");
    if (!QFile::exists(QString::fromStdString(yolox)) || !QFile::exists(QString::fromStdString(osnet))) {
      QSKIP("../shared/models/yolox_nano.onnx or osnet_x0_25_msmt17.onnx absent (shared models not available)");
    }
    QCOMPARE(DetectorFactory::availableDetectors({yolox, osnet}),
             (std::vector<std::string>{"hog", "onnx-yolox:" + yolox}));
    QCOMPARE(EmbedderFactory::availableEmbedders({yolox, osnet}),
             (std::vector<std::string>{"color-hist", "onnx-reid:" + osnet}));
  }
  void modelsOfTheWrongKindAreRefused() {
    const std::string osnet = detecttest::modelPath("osnet_x0_25_msmt17.onnx");
    if (!QFile::exists(QString::fromStdString(osnet))) QSKIP("../shared/models/osnet_x0_25_msmt17.onnx absent");
    expectErrorNaming([&] { DetectorFactory::create("onnx-yolox:" + osnet); },
                      {QString::fromStdString(osnet), "1x512", "YOLOX"});
    const std::string yolox = detecttest::modelPath("yolox_nano.onnx");
    if (!QFile::exists(QString::fromStdString(yolox))) QSKIP("../shared/models/yolox_nano.onnx absent");
    expectErrorNaming([&] { EmbedderFactory::create("onnx-reid:" + yolox); },
                      {QString::fromStdString(yolox), "1x3549x85", "ReID"});
  }
  void colorHistogramSeparatesClothing() {
    cv::Mat frame(240, 320, CV_8UC3, cv::Scalar(128, 128, 128));
    const cv::Rect red(20, 40, 40, 120), redAgain(200, 60, 36, 110), blue(120, 40, 40, 120);
    drawPerson(frame, red, cv::Scalar(0, 0, 200), cv::Scalar(40, 40, 40));
    drawPerson(frame, redAgain, cv::Scalar(0, 0, 190), cv::Scalar(45, 45, 45));
    drawPerson(frame, blue, cv::Scalar(200, 0, 0), cv::Scalar(40, 40, 40));
    std::vector<Detection> detections{at(red), at(redAgain), at(blue), at({400, 0, 10, 10})};
    ColorHistogramEmbedder embedder;
    embedder.embed(frame, detections);
    QCOMPARE(int(detections[0].embedding.size()), embedder.dimension());
    QVERIFY(detections[3].embedding.empty());  // no pixel inside the frame
    const float same = Embedder::cosineSimilarity(detections[0].embedding, detections[1].embedding);
    const float different = Embedder::cosineSimilarity(detections[0].embedding, detections[2].embedding);
    QVERIFY2(same > 0.95f, qPrintable(QString::number(same)));
    QVERIFY2(different < same - 0.3f, qPrintable(QString("same %1 different %2").arg(same).arg(different)));
    QVERIFY(std::abs(Embedder::cosineSimilarity(detections[0].embedding, detections[0].embedding) - 1.0f) < 1e-5f);
    // Upper/lower halves are kept apart: the same colours swapped between torso and legs differ.
    cv::Mat swapped(240, 320, CV_8UC3, cv::Scalar(128, 128, 128));
    drawPerson(swapped, red, cv::Scalar(40, 40, 40), cv::Scalar(0, 0, 200));
    std::vector<Detection> flipped{at(red)};
    embedder.embed(swapped, flipped);
    QVERIFY(Embedder::cosineSimilarity(detections[0].embedding, flipped[0].embedding) < 0.5f);
  }
};

QTEST_APPLESS_MAIN(TestDetectorFactory)
#include "TestDetectorFactory.moc"
