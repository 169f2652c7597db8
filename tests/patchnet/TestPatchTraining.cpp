// PatchSampler and PatchTrainer: positives have the centre person covering r ∈ [0.5, 1] of the crop (before jitter
// moves it), about a quarter of the crops are negatives, labels map into the crop; one training step gives finite
// losses and a checkpoint that resumes; a patch card round-trips and a broken one names its field.
#include <filesystem>

#include <opencv2/imgproc.hpp>

#include "neural/JdeModelCard.h"
#include "paraloupe/Patch.h"
#include "patchnet/PatchPresets.h"
#include "patchnet/PatchSampler.h"
#include "patchnet/PatchTrainer.h"
#include "util/Error.h"

#include <QtTest>  // after LibTorch: Qt's "slots" macro breaks its headers

using namespace edgescope;

namespace {

/// Frames of 320×240 with four 30×80 "people" (bright rectangles on a textured background).
std::vector<TrainingSample> scenes() {
  std::vector<TrainingSample> samples;
  for (int f = 0; f < 6; ++f) {
    TrainingSample s;
    s.image = cv::Mat(240, 320, CV_8UC3, cv::Scalar(60, 70, 80));
    cv::line(s.image, {0, 200}, {320, 180}, cv::Scalar(200, 200, 200), 2);
    for (int p = 0; p < 4; ++p) {
      const BoundingBox box{float(20 + 70 * p + 3 * f), float(60 + 10 * p), 30, 80};
      cv::rectangle(s.image, cv::Rect(int(box.x), int(box.y), 30, 80), cv::Scalar(220, 180, 140), cv::FILLED);
      s.boxes.push_back({box, p, -1});
    }
    samples.push_back(s);
  }
  return samples;
}

}  // namespace

class TestPatchTraining : public QObject {
  Q_OBJECT
 private slots:
  void samplerCoverAndNegatives() {
    const std::vector<TrainingSample> samples = scenes();
    PatchSamplerOptions options;
    options.jitter = 0.0;         // measure r exactly
    options.crossingShare = 0.0;
    const PatchSampler sampler(samples, options);
    QCOMPARE(static_cast<int>(sampler.people()), 24);
    Rng rng(4);
    int negatives = 0;
    const cv::Size size(64, 128);
    for (int i = 0; i < 400; ++i) {
      const PatchDraw d = sampler.draw(rng, size);
      QCOMPARE(d.view.image.size(), size);
      if (d.negative) {
        ++negatives;
        continue;
      }
      QVERIFY(d.cover >= 0.5 && d.cover <= 1.0);
      QVERIFY(d.centreBox >= 0);
      // The centre person, widened to 1:2, covers r of the crop (whole-pixel rounding aside).
      const BoundingBox widened = Patch::widenToAspect(d.view.boxes[d.centreBox].box);
      const double share = widened.area() / size.area();
      QVERIFY2(std::abs(share - d.cover) < 0.08, qPrintable(QString("%1 vs %2").arg(share).arg(d.cover)));
      QVERIFY(std::abs(widened.centerX() - 32.0f) < 3.0f && std::abs(widened.centerY() - 64.0f) < 3.0f);
    }
    QVERIFY2(negatives > 70 && negatives < 130, qPrintable(QString::number(negatives)));
  }
  void samplerNeedsPeople() {
    std::vector<TrainingSample> empty(1);
    empty[0].image = cv::Mat(100, 100, CV_8UC3, cv::Scalar::all(0));
    QVERIFY_THROWS_EXCEPTION(Error, (void)PatchSampler(empty));
  }
  void oneStepAndResume() {
    const std::vector<TrainingSample> samples = scenes();
    const PatchSampler sampler(samples);
    QTemporaryDir dir;
    PatchTrainOptions options;
    options.steps = 2;
    options.batchSize = 4;
    options.device = "cpu";
    options.architecture = PatchPresets::all().front().architecture;
    options.checkpointPath = (dir.path() + "/p.ckpt").toStdString();
    options.lossCsvPath = (dir.path() + "/p.csv").toStdString();
    PatchTrainer trainer(options, sampler, 4);
    double lastLoss = -1;
    trainer.train([&](const JdeTrainProgress& p) { lastLoss = p.loss; });
    QVERIFY(std::isfinite(lastLoss) && lastLoss > 0);
    QVERIFY(std::filesystem::exists(options.checkpointPath));
    options.steps = 3;
    options.resume = true;
    PatchTrainer resumed(options, sampler, 4);
    std::int64_t first = -1;
    resumed.train([&](const JdeTrainProgress& p) { first = first < 0 ? p.step : first; });
    QCOMPARE(first, std::int64_t(3));  // continued after step 2
    options.architecture.detectabilityChannels = 1;
    options.architecture.resolutionScales = {1.0};
    QVERIFY_THROWS_EXCEPTION(Error, (void)PatchTrainer(options, sampler, 4));
  }
  void patchCardRoundTrip() {
    JdeModelCard card;
    card.kind = JdeModelCard::kKindPatch;
    card.weightsFile = "p.pt";
    card.architecture = PatchPresets::all().front().architecture;
    card.patch.sizes = {{32, 64}, {64, 128}};
    card.patch.objectness = ObjectnessModel(ObjectnessModel::Weights{1, 2, 3, -4});
    card.patch.presets.push_back({"narrow", 1000, 2.5, 0.3, 1.1, true});
    card.metrics["patch.64x128.f1"] = 0.8;
    const JdeModelCard back = JdeModelCard::fromJson(card.toJson(), "p.json");
    QCOMPARE(back.kind, std::string("patch"));
    QCOMPARE(static_cast<int>(back.patch.sizes.size()), 2);
    QCOMPARE(back.patch.sizes[1], cv::Size(64, 128));
    QCOMPARE(back.patch.objectness.weights()[3], -4.0);
    QVERIFY(back.patch.presets[0].chosen);
    QCOMPARE(back.architecture, card.architecture);
    std::string text = card.toJson();
    text.replace(text.find("[64,128]"), 8, "[60,128]");
    try {
      JdeModelCard::fromJson(text, "p.json");
      QFAIL("no error");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("sizes[1]"), e.what());
    }
    std::string kind = card.toJson();
    kind.replace(kind.find("\"patch\""), 7, "\"other\"");
    QVERIFY_THROWS_EXCEPTION(Error, JdeModelCard::fromJson(kind, "p.json"));
  }
};

QTEST_GUILESS_MAIN(TestPatchTraining)
#include "TestPatchTraining.moc"

