// JdeInference: input normalisation, decoding of a network whose heads are set to constants (every cell a peak of
// known size and offset, mapped back to frame pixels), the score threshold, top-K, embeddings, detectability maps,
// input-size errors and the training mode restored after a call.
#include "NeuralTestUtil.h"

#include <QtTest>

#include <cmath>

#include <opencv2/core.hpp>

#include "neural/JdeInference.h"
#include "util/Error.h"

using namespace edgescope;
using namespace edgescope::neuraltest;

namespace {

/// Zeroes every parameter of head @p prefix ("heatmap.", "size.", …) and sets its last bias to @p bias (per channel).
void setHeadConstant(JdeNet& net, const std::string& prefix, const std::vector<float>& bias) {
  torch::NoGradGuard noGrad;
  torch::Tensor last;
  for (auto& item : net->named_parameters()) {
    if (item.key().rfind(prefix, 0) != 0) continue;
    item.value().zero_();
    if (item.key().size() > 5 && item.key().compare(item.key().size() - 5, 5, ".bias") == 0) last = item.value();
  }
  QVERIFY(last.defined());
  QCOMPARE(last.numel(), static_cast<int64_t>(bias.size()));
  for (std::size_t i = 0; i < bias.size(); ++i) last[static_cast<int64_t>(i)] = bias[i];
}

}  // namespace

class TestJdeInference : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { torch::set_num_threads(1); }

  void normalizeInto() {
    const JdeNetConfig config = tinyConfig();
    cv::Mat bgr(1, 2, CV_8UC3);
    bgr.at<cv::Vec3b>(0, 0) = {0, 128, 255};
    bgr.at<cv::Vec3b>(0, 1) = {255, 0, 51};
    float interleaved[6] = {};  // the channels-last memory of a 3×1×2 tensor
    JdeInference::normalizeInto(bgr, config, interleaved);
    const float rgb[2][3] = {{255, 128, 0}, {51, 0, 255}};
    for (int c = 0; c < 3; ++c)
      for (int x = 0; x < 2; ++x) {
        const float expected = (rgb[x][c] / 255.0f - config.meanRgb[static_cast<std::size_t>(c)]) /
                               config.stdRgb[static_cast<std::size_t>(c)];
        QVERIFY2(std::fabs(interleaved[x * 3 + c] - expected) < 1e-5f,
                 qPrintable(QString("channel %1 pixel %2").arg(c).arg(x)));
      }
  }

  void decodeConstantHeads() {
    JdeNet net(tinyConfig());
    setHeadConstant(net, "heatmap.", {10.0f});    // every cell a peak of score σ(10)
    setHeadConstant(net, "size.", {4.0f, 8.0f});  // 4 × 8 cells
    setHeadConstant(net, "offset.", {0.5f, 0.25f});
    JdeInference inference(net, torch::kCPU, {0.1f, 128, true});
    // Frame 128×96 through a 64×64 input: one cell = 8 × 6 frame pixels.
    const cv::Mat frame(96, 128, CV_8UC3, cv::Scalar(30, 60, 90));
    const JdeFrameResult result = inference.run(frame, {64, 64}, false);
    QVERIFY(result.detectability.empty());
    QCOMPARE(static_cast<int>(result.detections.size()), 128);  // top-K of the 16 × 16 peaks
    int whole = 0;
    for (const Detection& d : result.detections) {
      QVERIFY(std::fabs(d.score - 1.0f / (1.0f + std::exp(-10.0f))) < 1e-6f);
      QCOMPARE(static_cast<int>(d.embedding.size()), 16);
      double norm = 0;
      for (float v : d.embedding) norm += static_cast<double>(v) * v;
      QVERIFY(std::fabs(norm - 1.0) < 1e-4);
      QVERIFY(d.box.x >= 0 && d.box.y >= 0 && d.box.right() <= 128.001f && d.box.bottom() <= 96.001f);
      if (d.box.width > 31.99f && d.box.height > 47.99f) {
        ++whole;  // not clipped: 32 × 48 px, centre at ((col + 0.5) · 8, (row + 0.25) · 6)
        QVERIFY(std::fabs(d.box.width - 32.0f) < 1e-3f && std::fabs(d.box.height - 48.0f) < 1e-3f);
        const double col = d.box.centerX() / 8.0 - 0.5, row = d.box.centerY() / 6.0 - 0.25;
        QVERIFY2(std::fabs(col - std::round(col)) < 1e-3 && std::fabs(row - std::round(row)) < 1e-3,
                 qPrintable(QString("centre %1, %2").arg(d.box.centerX()).arg(d.box.centerY())));
      }
    }
    QVERIFY(whole > 0);
    // Fewer candidates.
    inference.options().maxObjects = 5;
    QCOMPARE(static_cast<int>(inference.run(frame, {64, 64}, false).detections.size()), 5);
    inference.options().embeddings = false;
    QVERIFY(inference.run(frame, {64, 64}, false).detections.front().embedding.empty());
  }

  void scoreThreshold() {
    JdeNet net(tinyConfig());
    setHeadConstant(net, "heatmap.", {-10.0f});
    setHeadConstant(net, "size.", {2.0f, 2.0f});  // boxes of 8 × 8 px (smaller than 1 px ones are dropped)
    JdeInference inference(net, torch::kCPU, {0.1f, 128, true});
    const cv::Mat frame(64, 64, CV_8UC3, cv::Scalar(0, 0, 0));
    QVERIFY(inference.run(frame, {64, 64}, false).detections.empty());
    inference.options().scoreThreshold = 0.0f;
    QCOMPARE(static_cast<int>(inference.run(frame, {64, 64}, false).detections.size()), 128);
  }

  void detectabilityMaps() {
    JdeNet net(tinyConfig());
    setHeadConstant(net, "detectability.", {2.0f, 1.0f, 0.0f, -1.0f, -2.0f});
    JdeInference inference(net, torch::kCPU, {});
    const JdeFrameResult result = inference.run(cv::Mat(50, 70, CV_8UC3, cv::Scalar(1, 2, 3)), {96, 64}, true);
    QCOMPARE(static_cast<int>(result.detectability.size()), 5);
    const float logits[5] = {2, 1, 0, -1, -2};
    for (int r = 0; r < 5; ++r) {
      const cv::Mat& map = result.detectability[static_cast<std::size_t>(r)];
      QCOMPARE(map.type(), CV_32F);
      QCOMPARE(map.size(), cv::Size(24, 16));
      double low = 0, high = 0;
      cv::minMaxLoc(map, &low, &high);
      const double expected = 1.0 / (1.0 + std::exp(-logits[r]));
      QVERIFY(std::fabs(low - expected) < 1e-6 && std::fabs(high - expected) < 1e-6);
    }
  }

  void inputSizeErrorsAndModes() {
    JdeNet net(tinyConfig());
    net->train();
    JdeInference inference(net, torch::kCPU, {});
    const cv::Mat frame(64, 64, CV_8UC3, cv::Scalar(0, 0, 0));
    for (const cv::Size& bad : {cv::Size(50, 64), cv::Size(64, 0), cv::Size(-32, 64)}) {
      try {
        inference.run(frame, bad, false);
        QFAIL("accepted an input size that is not a positive multiple of 32");
      } catch (const Error& e) {
        QVERIFY2(mentions(e.what(), "32"), e.what());
      }
    }
    net->train();
    inference.run(frame, {64, 32}, true);
    QVERIFY2(net->is_training(), "run() must restore training mode");
    net->eval();
    inference.run(frame, {64, 32}, false);
    QVERIFY(!net->is_training());
    QVERIFY(inference.run(cv::Mat(), {64, 64}, true).detections.empty());
    // Grey and BGRA frames are converted.
    inference.run(cv::Mat(40, 40, CV_8UC1, cv::Scalar(7)), {64, 64}, false);
    inference.run(cv::Mat(40, 40, CV_8UC4, cv::Scalar(7, 8, 9, 10)), {64, 64}, false);
  }

  void failedRunRestoresTrainingMode() {
    // The trainer shares its network with JdeInference (detectability targets): a call that throws must not leave
    // the network in eval mode (BatchNorm would stop learning its statistics).
    JdeNet net(tinyConfig());
    net->train();
    JdeInference inference(net, torch::kCPU, {});
    QVERIFY_THROWS_EXCEPTION(Error, inference.run(cv::Mat(64, 64, CV_8UC3, cv::Scalar(0, 0, 0)), {50, 64}, false));
    QVERIFY2(net->is_training(), "a run() that throws left the network in eval mode");
  }
};

QTEST_APPLESS_MAIN(TestJdeInference)
#include "TestJdeInference.moc"
