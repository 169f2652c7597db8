// OnlineDistiller (paper 003, Algorithm 1; issue 22) on the shipped default network (models/jde_yolox_s8) and small
// synthetic frames whose GT boxes stand in for the teacher (score 0.9, plus one doubtful box at 0.4): the loss falls
// over phases; the horizon and byte bounds; a camera-side vector that applies every sent update stays bit-identical
// to the node's copy over 20 updates; the validation gate and a non-finite loss undo the phase (weights and moments);
// save/load resumes exactly; ignore boxes get zero heatmap weight; option errors name the option. CPU, 192×160 crops.
#include "NeuralTestUtil.h"

#include <QTemporaryDir>
#include <QtTest>

#include "../TestHelpers.h"

#include <cmath>
#include <fstream>
#include <functional>
#include <sstream>

#include <opencv2/imgcodecs.hpp>

#include "ams/ParameterDigest.h"
#include "ams/SparseUpdateCodec.h"
#include "neural/AmsTrainableSet.h"
#include "neural/DistillationLoss.h"
#include "neural/OnlineDistiller.h"
#include "synthetic/SyntheticSource.h"
#include "util/Error.h"

using namespace edgescope;
using namespace edgescope::neuraltest;
using edgescope::testing::errorOf;

namespace {

const std::string kStudent = std::string(EDGESCOPE_MODELS_DIR) + "/jde_yolox_s8.json";

/// Frames of a small synthetic street scene with their "teacher" output: the GT boxes at 0.9 and, on every frame, one
/// doubtful box at 0.4 (the first person's box moved half a width right).
struct Scene {
  std::vector<cv::Mat> images;
  std::vector<std::vector<Detection>> teacher;
};

Scene makeScene(int frames, int width = 256, int height = 192) {
  SyntheticSource source("synthetic:?seed=9&people=5&frames=" + std::to_string(frames) +
                         "&width=" + std::to_string(width) + "&height=" + std::to_string(height));
  Scene scene;
  SourceFrame frame;
  while (source.read(frame, 0) == ReadStatus::Frame) {
    std::vector<Detection> teacher;
    for (const MotRow& row : frame.groundTruth) {
      if (row.isIgnore()) continue;
      Detection d;
      d.box = row.box;
      d.score = 0.9f;
      teacher.push_back(d);
    }
    if (!teacher.empty()) {
      Detection doubtful = teacher.front();
      doubtful.box.x += doubtful.box.width * 0.5f;
      doubtful.score = 0.4f;
      teacher.push_back(doubtful);
    }
    scene.images.push_back(frame.frame.image.clone());
    scene.teacher.push_back(teacher);
  }
  return scene;
}

std::vector<OnlineDistiller::Sample> samplesOf(const Scene& scene, std::size_t first, std::size_t count,
                                               double arrivalS, double stepS = 1.0) {
  std::vector<OnlineDistiller::Sample> samples;
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t k = (first + i) % scene.images.size();
    samples.push_back({scene.images[k], arrivalS + stepS * static_cast<double>(i), scene.teacher[k]});
  }
  return samples;
}

OnlineDistiller::Options fastOptions() {
  OnlineDistiller::Options options;
  options.iterations = 3;
  options.batch = 2;
  options.cropSize = {192, 160};
  options.device = "cpu";
  options.seed = 11;
  options.adam.seed = 3;
  options.gate = false;
  return options;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::size_t jpegBytes(const cv::Mat& image, int quality) {
  std::vector<unsigned char> bytes;
  cv::imencode(".jpg", image, bytes, {cv::IMWRITE_JPEG_QUALITY, quality});
  return bytes.size();
}

}  // namespace

class TestOnlineDistiller : public QObject {
  Q_OBJECT

 private:
  JdeModel student_;
  Scene scene_;  ///< 512×384: the student finds most people (F1 ≈ 0.9 against the teacher)

 private Q_SLOTS:
  void initTestCase() {
    torch::set_num_threads(1);
    student_ = JdeModelFile::load(kStudent);
    scene_ = makeScene(6, 512, 384);
    QCOMPARE(scene_.images.size(), std::size_t{6});
  }

  void emptyBufferSkipsThePhase() {
    OnlineDistiller distiller(student_, fastOptions());
    const OnlineDistiller::PhaseResult result = distiller.runPhase();
    QVERIFY(!result.trained);
    QVERIFY(!result.sent);
    QCOMPARE(result.skipReason, std::string("empty buffer"));
    QCOMPARE(distiller.version(), std::uint64_t{0});
  }

  void studentIsCopiedNotShared() {
    const std::vector<float> original = AmsTrainableSet(student_.net).flat();
    OnlineDistiller::Options options = fastOptions();
    options.adam.fraction = 1.0;
    OnlineDistiller distiller(student_, options);
    QVERIFY(distiller.flatParameters() == original);
    QCOMPARE(distiller.layoutHash(), AmsTrainableSet(student_.net).layoutHash());
    distiller.addSamples(samplesOf(scene_, 0, 2, 0.0));
    QVERIFY(distiller.runPhase().sent);
    QVERIFY(distiller.flatParameters() != original);
    QVERIFY(AmsTrainableSet(student_.net).flat() == original);  // the caller's network is untouched
    QVERIFY(!distiller.net()->is_training());
  }

  void lossFalls() {
    // At 256×192 the people are smaller than the student is used to (F1 ≈ 0.4 against the teacher): room to learn.
    const Scene small = makeScene(3, 256, 192);
    OnlineDistiller::Options options = fastOptions();
    options.iterations = 6;
    options.adam.fraction = 0.05;
    options.adam.learningRate = 1e-3;
    OnlineDistiller distiller(student_, options);
    distiller.addSamples(samplesOf(small, 0, 3, 0.0));
    std::vector<OnlineDistiller::PhaseResult> phases;
    for (int p = 0; p < 5; ++p) phases.push_back(distiller.runPhase());
    for (std::size_t p = 0; p < phases.size(); ++p) {
      QVERIFY2(phases[p].trained && phases[p].sent, phases[p].skipReason.c_str());
      QCOMPARE(phases[p].update.version, p + 1);
      QVERIFY(std::isfinite(phases[p].lossFirst) && std::isfinite(phases[p].lossLast));
      QCOMPARE(phases[p].samples, 3);
    }
    QCOMPARE(distiller.version(), std::uint64_t{5});
    qInfo("loss: first phase %.4f → %.4f, last phase %.4f → %.4f", phases.front().lossFirst, phases.front().lossLast,
          phases.back().lossFirst, phases.back().lossLast);
    QVERIFY(phases.back().lossLast < phases.front().lossFirst);
    QVERIFY(0.5 * (phases.back().lossFirst + phases.back().lossLast) <
            0.5 * (phases.front().lossFirst + phases.front().lossLast));
  }

  void horizonIsRespected() {
    OnlineDistiller::Options options = fastOptions();
    options.horizonS = 10.0;
    OnlineDistiller distiller(student_, options);
    QCOMPARE(distiller.addSamples(samplesOf(scene_, 0, 2, 0.0, 5.0)), std::size_t{0});  // t = 0, 5
    QCOMPARE(distiller.bufferedSamples(), std::size_t{2});
    QCOMPARE(distiller.addSamples(samplesOf(scene_, 2, 2, 16.0, 3.0)), std::size_t{2});  // t = 16, 19: 0 and 5 go
    QCOMPARE(distiller.bufferedSamples(), std::size_t{2});
    QCOMPARE(distiller.addSamples(samplesOf(scene_, 4, 1, 26.0)), std::size_t{0});  // 16 ≥ 26 − 10 stays
    QCOMPARE(distiller.bufferedSamples(), std::size_t{3});
    QCOMPARE(distiller.bufferedBytes(), jpegBytes(scene_.images[2], options.jpegQuality) +
                                            jpegBytes(scene_.images[3], options.jpegQuality) +
                                            jpegBytes(scene_.images[4], options.jpegQuality));
    // Samples must not go back in time; nothing is added then.
    const QString error = errorOf([&] { distiller.addSamples(samplesOf(scene_, 0, 1, 25.0)); });
    QVERIFY2(error.contains("arrivalS"), qPrintable(error));
    QCOMPARE(distiller.bufferedSamples(), std::size_t{3});
  }

  void byteBoundDropsTheOldest() {
    OnlineDistiller::Options options = fastOptions();
    const std::size_t newestTwo =
        jpegBytes(scene_.images[4], options.jpegQuality) + jpegBytes(scene_.images[5], options.jpegQuality);
    options.maxBufferBytes = newestTwo;
    OnlineDistiller distiller(student_, options);
    QCOMPARE(distiller.addSamples(samplesOf(scene_, 0, 6, 0.0)), std::size_t{4});
    QCOMPARE(distiller.bufferedSamples(), std::size_t{2});
    QCOMPARE(distiller.bufferedBytes(), newestTwo);
    QVERIFY(distiller.runPhase().trained);  // what is left trains
  }

  void weightsInSyncAfter20Updates() {
    OnlineDistiller::Options options = fastOptions();
    options.iterations = 1;
    options.batch = 1;
    options.adam.fraction = 0.05;
    OnlineDistiller distiller(student_, options);
    // The camera: its own load of the same model, its own flat vector.
    JdeModel camera = JdeModelFile::load(kStudent);
    const AmsTrainableSet cameraSet(camera.net);
    std::vector<float> cameraWeights = cameraSet.flat();
    QCOMPARE(cameraSet.layoutHash(), distiller.layoutHash());
    const auto expectedCount = static_cast<std::size_t>(std::lround(0.05 * static_cast<double>(cameraWeights.size())));
    distiller.addSamples(samplesOf(scene_, 0, 4, 0.0));
    for (int phase = 1; phase <= 20; ++phase) {
      if (phase % 5 == 0) distiller.addSamples(samplesOf(scene_, static_cast<std::size_t>(phase), 1, phase));
      const OnlineDistiller::PhaseResult result = distiller.runPhase();
      QVERIFY2(result.sent, result.skipReason.c_str());
      QCOMPARE(result.update.indices.size(), expectedCount);
      QCOMPARE(result.encoded.size(), result.stats.totalBytes);
      const SparseUpdate received = SparseUpdateCodec::decode(result.encoded);
      QVERIFY(received == result.update);
      SparseUpdateCodec::apply(received, cameraWeights, static_cast<std::uint64_t>(phase - 1), distiller.layoutHash());
      QCOMPARE(distiller.version(), static_cast<std::uint64_t>(phase));
      std::size_t perLayer = 0;
      for (const auto& [layer, count] : result.perLayer) perLayer += count;
      QCOMPARE(perLayer, expectedCount);
    }
    QCOMPARE(ParameterDigest::sha256(cameraWeights), ParameterDigest::sha256(distiller.flatParameters()));
    QVERIFY(cameraWeights != cameraSet.flat());  // it did move
  }

  void gateUndoesAWorseCandidate() {
    OnlineDistiller::Options options = fastOptions();
    options.gate = true;
    options.iterations = 6;
    options.adam.learningRate = 1e-2;
    options.adam.fraction = 1.0;
    OnlineDistiller distiller(student_, options);
    // Wrong labels to train on (every box moved by half the frame), the true ones on the held-out frame.
    std::vector<OnlineDistiller::Sample> samples = samplesOf(scene_, 0, 5, 0.0);
    for (std::size_t i = 0; i + 1 < samples.size(); ++i)
      for (Detection& d : samples[i].teacher) {
        d.box.x = std::fmod(d.box.x + 128.0f, 256.0f - d.box.width);
        d.box.y = std::fmod(d.box.y + 96.0f, 192.0f - d.box.height);
      }
    distiller.addSamples(samples);
    QTemporaryDir dir;
    const std::string before = (dir.path() + "/before").toStdString(), after = (dir.path() + "/after").toStdString();
    distiller.save(before);
    const std::vector<float> weights = distiller.flatParameters();
    const OnlineDistiller::PhaseResult result = distiller.runPhase();
    qInfo("gate: F1 %.3f before, %.3f after (%s)", result.f1Before, result.f1After, result.skipReason.c_str());
    QVERIFY(result.trained);
    QVERIFY(result.f1Before > 0.5);  // the student finds the synthetic people
    QVERIFY(!result.sent);
    QVERIFY(result.f1After < result.f1Before);
    QVERIFY2(result.skipReason.rfind("gate: F1 ", 0) == 0, result.skipReason.c_str());
    QVERIFY(result.encoded.empty());
    QCOMPARE(distiller.version(), std::uint64_t{0});
    QVERIFY(distiller.flatParameters() == weights);  // bit-identical
    distiller.save(after);                           // moments, step and mask restored too
    QVERIFY(readFile(before + "/moments.pt") == readFile(after + "/moments.pt"));
    QVERIFY(readFile(before + "/weights.pt") == readFile(after + "/weights.pt"));
  }

  void gateFramesAreHeldOutUntilTheNextBatch() {
    OnlineDistiller::Options options = fastOptions();
    options.gate = true;
    options.iterations = 1;
    options.adam.learningRate = 1e-5;
    OnlineDistiller distiller(student_, options);
    distiller.addSamples(samplesOf(scene_, 0, 1, 0.0));  // one frame: nothing held out
    OnlineDistiller::PhaseResult result = distiller.runPhase();
    QVERIFY2(result.sent, result.skipReason.c_str());
    QCOMPARE(result.f1Before, -1.0);
    distiller.addSamples(samplesOf(scene_, 1, 5, 1.0));  // round(0.2 · 5) = 1 held out
    result = distiller.runPhase();
    QVERIFY(result.f1Before >= 0.0 && result.f1After >= 0.0);
    QCOMPARE(result.sent, result.f1After >= result.f1Before);
    // Still held out: the same frame, judged with the current model (the candidate as sent, when it was).
    QCOMPARE(distiller.runPhase().f1Before, result.sent ? result.f1After : result.f1Before);
    OnlineDistiller::Options off = options;
    off.gate = false;
    distiller.setOptions(off);
    QCOMPARE(distiller.runPhase().f1Before, -1.0);  // gate off: every frame trains
  }

  void nonFiniteLossUndoesThePhase() {
    OnlineDistiller::Options options = fastOptions();
    options.iterations = 4;
    options.adam.fraction = 1.0;
    options.adam.learningRate = 1e30;  // valid (finite, > 0), but the weights blow up after a step
    OnlineDistiller distiller(student_, options);
    distiller.addSamples(samplesOf(scene_, 0, 3, 0.0));
    const std::vector<float> weights = distiller.flatParameters();
    const OnlineDistiller::PhaseResult result = distiller.runPhase();
    QVERIFY(!result.sent);
    QVERIFY2(result.skipReason == "non-finite loss" || result.skipReason == "non-finite parameter" ||
                 result.skipReason.rfind("update: ", 0) == 0,
             result.skipReason.c_str());
    QCOMPARE(distiller.version(), std::uint64_t{0});
    QVERIFY(distiller.flatParameters() == weights);
    // A sane learning rate afterwards trains from the restored state.
    options.adam.learningRate = 1e-3;
    distiller.setOptions(options);
    const OnlineDistiller::PhaseResult next = distiller.runPhase();
    QVERIFY2(next.sent, next.skipReason.c_str());
    QCOMPARE(next.update.baseVersion, std::uint64_t{0});
  }

  void saveAndLoadResumeExactly() {
    OnlineDistiller::Options options = fastOptions();
    options.gate = true;
    options.iterations = 2;
    OnlineDistiller original(student_, options);
    original.addSamples(samplesOf(scene_, 0, 4, 0.0));
    original.runPhase();
    original.addSamples(samplesOf(scene_, 4, 2, 5.0));
    QVERIFY(original.runPhase().trained);
    QTemporaryDir dir;
    const std::string folder = (dir.path() + "/session").toStdString();
    original.save(folder);
    original.save(folder);  // replaces the previous state
    QVERIFY(!QFileInfo::exists(QString::fromStdString(folder + ".tmp")));

    OnlineDistiller restored(student_, options);
    restored.load(folder);
    QCOMPARE(restored.version(), original.version());
    QVERIFY(restored.flatParameters() == original.flatParameters());
    QCOMPARE(restored.bufferedSamples(), original.bufferedSamples());
    QCOMPARE(restored.bufferedBytes(), original.bufferedBytes());
    const OnlineDistiller::PhaseResult a = original.runPhase(), b = restored.runPhase();
    QCOMPARE(a.sent, b.sent);
    QCOMPARE(a.skipReason, b.skipReason);
    QCOMPARE(a.f1Before, b.f1Before);
    QVERIFY(a.encoded == b.encoded);
    QVERIFY(restored.flatParameters() == original.flatParameters());

    // Errors name the file; a failed load changes nothing.
    OnlineDistiller fresh(student_, options);
    QString error = errorOf([&] { fresh.load((dir.path() + "/missing").toStdString()); });
    QVERIFY2(error.contains("state.json"), qPrintable(error));
    {
      std::ofstream corrupt(folder + "/moments.pt", std::ios::binary | std::ios::trunc);
      corrupt << "not an archive";
    }
    error = errorOf([&] { fresh.load(folder); });
    QVERIFY2(error.contains("moments.pt"), qPrintable(error));
    QCOMPARE(fresh.version(), std::uint64_t{0});
    QCOMPARE(fresh.bufferedSamples(), std::size_t{0});
    {
      std::ofstream corrupt(folder + "/weights.pt", std::ios::binary | std::ios::trunc);
      corrupt << "not an archive";
    }
    error = errorOf([&] { fresh.load(folder); });
    QVERIFY2(error.contains("weights.pt"), qPrintable(error));
  }

  void ignoreBoxesGetZeroHeatmapWeight() {
    const JdeNetConfig& config = student_.net->config();  // stride 8
    AugmentedView view;
    view.image = cv::Mat(160, 192, CV_8UC3, cv::Scalar(90, 100, 110));
    LabeledBox positive, ignored;
    positive.box = BoundingBox{16.0f, 16.0f, 24.0f, 64.0f};
    ignored.box = BoundingBox{120.0f, 40.0f, 32.0f, 80.0f};  // cells 15…18 × 5…14
    ignored.identity = DistillationLoss::kIgnoreIdentity;
    view.boxes = {positive, ignored};
    const DistillationBatch batch = DistillationLoss::build({view}, config);
    QCOMPARE(batch.batch.objects, 1);  // the ignore box is no object
    const torch::Tensor weight = batch.heatmapWeight[0][0];
    QCOMPARE(weight.size(0), std::int64_t{20});
    QCOMPARE(weight.size(1), std::int64_t{24});
    QCOMPARE(weight.index({torch::indexing::Slice(5, 15), torch::indexing::Slice(15, 19)}).sum().item<float>(), 0.0f);
    QCOMPARE(weight.sum().item<float>(), static_cast<float>(20 * 24 - 10 * 4));
    QCOMPARE(batch.batch.targets.heatmap.max().item<float>(), 1.0f);

    // The loss ignores what the network predicts inside the ignore box, but not outside it.
    torch::Tensor logits = torch::full({1, 1, 20, 24}, -4.0);
    JdeNetOutput out;
    out.size = torch::zeros({1, 2, 20, 24});
    out.offset = torch::zeros({1, 2, 20, 24});
    out.heatmapLogits = logits;
    const double base = DistillationLoss::loss(out, batch).item<double>();
    out.heatmapLogits = logits.clone();
    out.heatmapLogits.index_put_({0, 0, 8, 16}, 4.0);  // confident inside the ignore box
    QCOMPARE(DistillationLoss::loss(out, batch).item<double>(), base);
    out.heatmapLogits = logits.clone();
    out.heatmapLogits.index_put_({0, 0, 18, 4}, 4.0);  // confident on background
    QVERIFY(DistillationLoss::loss(out, batch).item<double>() > base);
  }

  void f1AgainstTheTeacher() {
    OnlineDistiller distiller(student_, fastOptions());
    const std::vector<Detection> own = distiller.detect(scene_.images[0]);
    QVERIFY(!own.empty());
    for (const Detection& d : own) QVERIFY(d.score >= 0.4f && d.embedding.empty());
    std::vector<Detection> asTeacher = own;
    for (Detection& d : asTeacher) d.score = 1.0f;
    QCOMPARE(distiller.f1Against(scene_.images[0], asTeacher), 1.0);  // itself as the teacher
    const double f1 = distiller.f1Against(scene_.images[0], scene_.teacher[0]);
    QVERIFY(f1 > 0.5 && f1 <= 1.0);
    QCOMPARE(distiller.f1Against(cv::Mat(192, 256, CV_8UC3, cv::Scalar(0, 0, 0)), {}), 1.0);  // both empty
  }

  void resetToFollowsTheCamera() {
    OnlineDistiller distiller(student_, fastOptions());
    std::vector<float> values = distiller.flatParameters();
    values[0] += 1.0f;
    distiller.resetTo(values, 7);
    QCOMPARE(distiller.version(), std::uint64_t{7});
    QVERIFY(distiller.flatParameters() == values);
    QVERIFY(!errorOf([&] { distiller.resetTo({1.0f}, 8); }).contains("<no error>"));
  }

  void optionErrorsNameTheOption() {
    struct Case {
      const char* name;
      std::function<void(OnlineDistiller::Options&)> change;
    };
    const std::vector<Case> cases{
        {"ams.horizonS", [](auto& o) { o.horizonS = 0; }},
        {"ams.horizonS", [](auto& o) { o.horizonS = std::nan(""); }},
        {"maxBufferBytes", [](auto& o) { o.maxBufferBytes = 0; }},
        {"ams.iterations", [](auto& o) { o.iterations = 0; }},
        {"ams.batch", [](auto& o) { o.batch = 0; }},
        {"ams.learningRate", [](auto& o) { o.adam.learningRate = -1; }},
        {"ams.fraction", [](auto& o) { o.adam.fraction = 2; }},
        {"labelScore", [](auto& o) { o.labelScore = 0; }},
        {"ignoreScore", [](auto& o) { o.ignoreScore = 0.6f; }},
        {"validationShare", [](auto& o) { o.validationShare = 1.0; }},
        {"studentScore", [](auto& o) { o.studentScore = 1.0f; }},
        {"f1Iou", [](auto& o) { o.f1Iou = 0; }},
        {"cropSize",
         [](auto& o) {
           o.cropSize = {100, 96};
         }},
        {"jpegQuality", [](auto& o) { o.jpegQuality = 0; }},
        {"device", [](auto& o) { o.device = "tpu"; }},
    };
    for (const Case& c : cases) {
      OnlineDistiller::Options options = fastOptions();
      c.change(options);
      const QString error = errorOf([&] { options.validate(); });
      QVERIFY2(error.contains(c.name), qPrintable(QString(c.name) + ": " + error));
      QCOMPARE(errorOf([&] { OnlineDistiller distiller(student_, options); }), error);
    }
    fastOptions().validate();

    OnlineDistiller distiller(student_, fastOptions());
    OnlineDistiller::Options bad = fastOptions();
    bad.batch = -1;
    QVERIFY(errorOf([&] { distiller.setOptions(bad); }).contains("ams.batch"));
    QCOMPARE(distiller.options().batch, 2);

    JdeModel folded = JdeModelFile::load(kStudent);
    folded.net->foldBatchNorm();
    QVERIFY(errorOf([&] { OnlineDistiller d(folded, fastOptions()); }).contains("folded"));
  }
};

QTEST_GUILESS_MAIN(TestOnlineDistiller)
#include "TestOnlineDistiller.moc"
