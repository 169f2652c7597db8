// End-to-end JDE training on a few synthetic frames (tiny network, 96×64 crops): JdeTrainer's loss CSV, checkpoints
// and resume, self-supervised detectability targets; TrainingSetLoader's data specs; TrainingAugmenter's crops,
// flips and detectability maps; JdeBatchBuilder's batches.
#include "NeuralTestUtil.h"

#include <QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <opencv2/core.hpp>

#include "neural/CenterTargets.h"
#include "neural/JdeBatchBuilder.h"
#include "neural/JdeTrainer.h"
#include "neural/TrainingAugmenter.h"
#include "util/Error.h"
#include "util/Rng.h"

using namespace edgescope;
using namespace edgescope::neuraltest;

namespace {

std::vector<std::string> readLines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(line);
  return lines;
}

std::vector<double> csvNumbers(const std::string& line) {
  std::vector<double> values;
  std::size_t start = 0;
  while (start <= line.size()) {
    const auto comma = line.find(',', start);
    values.push_back(std::stod(line.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
    start = comma == std::string::npos ? line.size() + 1 : comma + 1;
  }
  return values;
}

JdeTrainOptions tinyOptions(int steps, const QTemporaryDir& dir) { return tinyTrainOptions(steps, dir.path()); }

/// A 128×96 grey frame with one white box (42, 24, 24×48) whose identity is 0; its centre (54, 48) px lies inside
/// grid cell (13, 12), not on a cell border.
TrainingSample boxSample() {
  TrainingSample sample;
  sample.image = cv::Mat(96, 128, CV_8UC3, cv::Scalar(60, 60, 60));
  sample.image(cv::Rect(42, 24, 24, 48)).setTo(cv::Scalar(255, 255, 255));
  sample.boxes = {{BoundingBox{42, 24, 24, 48}, 0}};
  sample.origin = "box#1";
  return sample;
}

}  // namespace

class TestJdeTraining : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { torch::set_num_threads(1); }

  // --- TrainingSetLoader --------------------------------------------------------------------------------------

  void loaderReadsSyntheticFrames() {
    const TrainingSetLoader::Result set = syntheticTrainingSet();
    QCOMPARE(static_cast<int>(set.samples.size()), 4);
    QVERIFY(set.identities > 0);
    QCOMPARE(static_cast<int>(set.log.size()), 1);
    int boxes = 0;
    for (const TrainingSample& s : set.samples) {
      QCOMPARE(s.image.size(), cv::Size(128, 96));
      QCOMPARE(s.image.type(), CV_8UC3);
      QVERIFY(!s.origin.empty());
      QVERIFY(s.detectability.empty());
      for (const LabeledBox& b : s.boxes) QVERIFY(b.identity >= 0 && b.identity < set.identities);
      boxes += static_cast<int>(s.boxes.size());
    }
    QVERIFY2(boxes > 0, "the synthetic frames have no visible people");
    // frames=A:B and every=N select frames; two specs get distinct identity classes.
    const TrainingSetLoader::Result some =
        TrainingSetLoader().load({std::string(kSyntheticUri) + ",frames=2:3", std::string(kSyntheticUri) + ",every=2"});
    QCOMPARE(static_cast<int>(some.samples.size()), 4);  // frames 2, 3 and 1, 3
    QVERIFY(mentions(some.samples[0].origin, "#2"));
    QVERIFY(mentions(some.samples[2].origin, "#1"));
    QVERIFY(mentions(some.samples[3].origin, "#3"));
    QVERIFY(some.identities > set.identities / 2);
  }

  void parseSpec() {
    const TrainingSetLoader::Spec spec =
        TrainingSetLoader::parseSpec("synthetic:?seed=1&frames=9,gt=/data/gt.txt,frames=2:5,every=3,minvis=0.5");
    QCOMPARE(spec.source, std::string("synthetic:?seed=1&frames=9"));
    QCOMPARE(spec.gtPath, std::string("/data/gt.txt"));
    QCOMPARE(spec.first, std::int64_t{2});
    QCOMPARE(spec.last, std::int64_t{5});
    QCOMPARE(spec.every, 3);
    QCOMPARE(spec.minVisibility, 0.5f);
    const TrainingSetLoader::Spec plain = TrainingSetLoader::parseSpec("video.avi");
    QCOMPARE(plain.source, std::string("video.avi"));
    QCOMPARE(plain.first, std::int64_t{1});
    QCOMPARE(plain.last, std::int64_t{-1});
    QCOMPARE(plain.every, 1);
  }

  void parseSpecErrors_data() {
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("mentioned");
    QTest::newRow("unknown key") << "video.avi,speed=2"
                                 << "speed";
    QTest::newRow("bad frames") << "video.avi,frames=abc"
                                << "frames";
    QTest::newRow("reversed frames") << "video.avi,frames=9:3"
                                     << "frames";
    QTest::newRow("every 0") << "video.avi,every=0"
                             << "every";
    QTest::newRow("every text") << "video.avi,every=x"
                                << "every";
    QTest::newRow("minvis text") << "video.avi,minvis=high"
                                 << "minvis";
    QTest::newRow("no source") << ",gt=a.txt"
                               << "names no source";
  }
  void parseSpecErrors() {
    QFETCH(QString, spec);
    QFETCH(QString, mentioned);
    try {
      TrainingSetLoader::parseSpec(spec.toStdString());
      QFAIL("accepted");
    } catch (const Error& e) {
      QVERIFY2(mentions(e.what(), mentioned.toStdString()), e.what());
      QVERIFY2(mentions(e.what(), spec.toStdString()), e.what());
    }
  }

  void loaderErrors() {
    // No frames selected, and a source without GT and without a teacher.
    QVERIFY_THROWS_EXCEPTION(Error, TrainingSetLoader().load({std::string(kSyntheticUri) + ",frames=7:9"}));
    QVERIFY_THROWS_EXCEPTION(Error, TrainingSetLoader().load({"/nonexistent/video.avi"}));
  }

  // --- TrainingAugmenter --------------------------------------------------------------------------------------

  void augmenterCropsAreAligned() {
    TrainingSample sample = boxSample();
    sample.detectability.assign(5, cv::Mat::zeros(24, 32, CV_32F));
    TrainingAugmenter::Options options;
    options.cropSize = {96, 64};
    options.scales = tinyConfig().resolutionScales;
    const TrainingAugmenter augmenter(options);
    Rng rng(17);
    int full = 0, reduced = 0;
    for (int i = 0; i < 60; ++i) {
      const AugmentedView view = augmenter.augment(sample, rng);
      QVERIFY(!view.image.empty());
      QCOMPARE(view.image.type(), CV_8UC3);
      QCOMPARE(view.image.cols % 32, 0);
      QCOMPARE(view.image.rows % 32, 0);
      QVERIFY(view.image.cols <= 96 && view.image.rows <= 64);
      if (view.scale >= 0.999) {
        ++full;
        QCOMPARE(static_cast<int>(view.detectability.size()), 5);
        for (const cv::Mat& map : view.detectability)
          QCOMPARE(map.size(), cv::Size(view.image.cols / 4, view.image.rows / 4));
      } else {
        ++reduced;
        QVERIFY(view.detectability.empty());
        QVERIFY(view.scale < 1.0 && view.scale > 0.5);
      }
      for (const LabeledBox& b : view.boxes) {
        QVERIFY(b.box.centerX() >= 0 && b.box.centerX() < view.image.cols);
        QVERIFY(b.box.centerY() >= 0 && b.box.centerY() < view.image.rows);
        QVERIFY(std::fabs(b.box.width - 24 * view.scale) < 1.5);
      }
    }
    QVERIFY2(full > 5 && reduced > 5, qPrintable(QString("%1 full, %2 reduced").arg(full).arg(reduced)));
    // Plain DeepScale: always full resolution.
    options.multiResolution = false;
    const TrainingAugmenter plain(options);
    for (int i = 0; i < 10; ++i) QCOMPARE(plain.augment(sample, rng).scale, 1.0);
  }

  void augmenterFlipMovesBoxesAndMaps() {
    TrainingSample sample = boxSample();
    // Detectability peak at the box centre (54, 48) px → cell (13, 12).
    cv::Mat map = cv::Mat::zeros(24, 32, CV_32F);
    map.at<float>(12, 13) = 1.0f;
    sample.detectability.assign(5, map);
    TrainingAugmenter::Options options;
    options.cropSize = {128, 96};  // the whole frame: the crop origin is 0
    options.multiResolution = false;
    options.colorJitter = 0;
    const TrainingAugmenter augmenter(options);
    Rng rng(3);
    int flipped = 0, kept = 0;
    for (int i = 0; i < 20; ++i) {
      const AugmentedView view = augmenter.augment(sample, rng);
      QCOMPARE(view.image.size(), cv::Size(128, 96));
      QCOMPARE(static_cast<int>(view.boxes.size()), 1);
      const BoundingBox box = view.boxes[0].box;
      QCOMPARE(view.boxes[0].identity, 0);
      QCOMPARE(box.y, 24.0f);
      QCOMPARE(box.width, 24.0f);
      const bool isFlipped = box.x != 42.0f;
      (isFlipped ? flipped : kept)++;
      if (isFlipped) QCOMPARE(box.x, 128.0f - 66.0f);
      // The pixels moved with the box: the white block is exactly under it.
      const cv::Rect r(static_cast<int>(box.x), static_cast<int>(box.y), 24, 48);
      QCOMPARE(cv::mean(view.image(r))[0], 255.0);
      QVERIFY(cv::countNonZero(view.image(cv::Rect(0, 0, 128, 96)).reshape(1) == 255) == 24 * 48 * 3);
      // So did the detectability peak: it sits on the cell CenterTargets gives the view's box.
      const CenterTargets targets = CenterTargets::build(view.image.size(), 4, view.boxes);
      QCOMPARE(static_cast<int>(view.detectability.size()), 5);
      cv::Point peak;
      cv::minMaxLoc(view.detectability[0], nullptr, nullptr, nullptr, &peak);
      QCOMPARE(peak.y * 32 + peak.x, targets.index[0]);
    }
    QVERIFY2(flipped > 0 && kept > 0, qPrintable(QString("%1 flipped, %2 kept").arg(flipped).arg(kept)));
  }

  void augmenterSmallFrame() {
    // A frame smaller than the crop (and not a multiple of 32) is padded, never out of bounds.
    TrainingSample sample;
    sample.image = cv::Mat(40, 50, CV_8UC3, cv::Scalar(10, 20, 30));
    sample.boxes = {{BoundingBox{10, 5, 10, 30}, 1}};
    TrainingAugmenter::Options options;
    options.cropSize = {96, 64};
    options.scales = tinyConfig().resolutionScales;
    const TrainingAugmenter augmenter(options);
    Rng rng(1);
    for (int i = 0; i < 20; ++i) {
      const AugmentedView view = augmenter.augment(sample, rng);
      QCOMPARE(view.image.size(), cv::Size(32, 32));
    }
  }

  void batchBuilder() {
    TrainingSample sample = boxSample();
    TrainingAugmenter::Options options;
    options.cropSize = {96, 64};
    options.multiResolution = false;
    const TrainingAugmenter augmenter(options);
    Rng rng(4);
    std::vector<AugmentedView> views;
    for (int i = 0; i < 3; ++i) views.push_back(augmenter.augment(sample, rng));
    views[1].detectability.assign(5, cv::Mat(16, 24, CV_32F, cv::Scalar(0.5f)));
    views[2].detectability.assign(2, cv::Mat(16, 24, CV_32F, cv::Scalar(0.5f)));  // wrong R: ignored
    int objects = 0;
    for (const AugmentedView& v : views) objects += static_cast<int>(v.boxes.size());
    const JdeBatch batch = JdeBatchBuilder::build(views, tinyConfig());
    QCOMPARE(batch.images.sizes().vec(), (std::vector<int64_t>{3, 3, 64, 96}));
    QCOMPARE(batch.targets.heatmap.sizes().vec(), (std::vector<int64_t>{3, 1, 16, 24}));
    QCOMPARE(batch.targets.detectability.sizes().vec(), (std::vector<int64_t>{3, 5, 16, 24}));
    QCOMPARE(batch.objects, objects);
    QCOMPARE(batch.targets.mask.sum().item<int>(), objects);
    QCOMPARE(batch.targets.detectabilityMask[0].item<float>(), 0.0f);
    QCOMPARE(batch.targets.detectabilityMask[1].item<float>(), 1.0f);
    QCOMPARE(batch.targets.detectabilityMask[2].item<float>(), 0.0f);
    QCOMPARE(batch.targets.heatmap.max().item<float>(), objects > 0 ? 1.0f : 0.0f);
    QVERIFY_THROWS_EXCEPTION(Error, JdeBatchBuilder::build({}, tinyConfig()));
  }

  // --- JdeTrainer ---------------------------------------------------------------------------------------------

  void trainerOptionErrors() {
    std::vector<TrainingSample> none;
    QTemporaryDir dir;
    QVERIFY_THROWS_EXCEPTION(Error, JdeTrainer(tinyOptions(6, dir), none, 0));
    std::vector<TrainingSample> one = {boxSample()};
    JdeTrainOptions bad = tinyOptions(6, dir);
    bad.cropSize = {100, 64};
    QVERIFY_THROWS_EXCEPTION(Error, JdeTrainer(bad, one, 1));
    bad = tinyOptions(0, dir);
    QVERIFY_THROWS_EXCEPTION(Error, JdeTrainer(bad, one, 1));
    bad = tinyOptions(6, dir);
    bad.device = "tpu";
    QVERIFY_THROWS_EXCEPTION(Error, JdeTrainer(bad, one, 1));
  }

  void trainSixSteps() {
    QTemporaryDir dir;
    TrainingSetLoader::Result set = syntheticTrainingSet();
    const JdeTrainOptions options = tinyOptions(6, dir);
    JdeTrainer trainer(options, set.samples, set.identities);
    std::vector<JdeTrainProgress> progress;
    std::vector<std::string> messages;
    JdeNet net = trainer.train([&](const JdeTrainProgress& p) { progress.push_back(p); },
                               [&](const std::string& m) { messages.push_back(m); });
    QVERIFY(!net.is_empty());
    QVERIFY(!net->is_training());
    QVERIFY(net->config() == tinyConfig());
    QCOMPARE(static_cast<int>(progress.size()), 6);
    for (int i = 0; i < 6; ++i) {
      QCOMPARE(progress[static_cast<std::size_t>(i)].step, std::int64_t{i + 1});
      QCOMPARE(progress[static_cast<std::size_t>(i)].totalSteps, std::int64_t{6});
      QVERIFY(std::isfinite(progress[static_cast<std::size_t>(i)].loss));
      QVERIFY(progress[static_cast<std::size_t>(i)].learningRate > 0);
    }
    QVERIFY(progress[0].learningRate < progress[1].learningRate);  // warm-up
    QVERIFY(std::isfinite(trainer.finalLoss()));
    QVERIFY(trainer.trainingSeconds() > 0);
    QCOMPARE(trainer.deviceName(), std::string("cpu"));
    QVERIFY(std::filesystem::exists(options.checkpointPath));

    const std::vector<std::string> lines = readLines(options.lossCsvPath);
    QCOMPARE(static_cast<int>(lines.size()), 7);
    QCOMPARE(lines[0], std::string("step,loss,heatmap,box,identity,detectability,distill,omega1,omega2,lr,seconds"));
    for (int i = 1; i <= 6; ++i) {
      const std::vector<double> row = csvNumbers(lines[static_cast<std::size_t>(i)]);
      QCOMPARE(static_cast<int>(row.size()), 11);
      QCOMPARE(row[0], static_cast<double>(i));
      for (double v : row) QVERIFY2(std::isfinite(v), lines[static_cast<std::size_t>(i)].c_str());
      QVERIFY(row[2] > 0);  // heatmap
    }

    // Detectability targets were generated after half the steps: R maps on the full-resolution stride-4 grid.
    for (const TrainingSample& s : set.samples) {
      QCOMPARE(static_cast<int>(s.detectability.size()), tinyConfig().detectabilityChannels);
      for (const cv::Mat& map : s.detectability) {
        QCOMPARE(map.size(), cv::Size(32, 24));
        QCOMPARE(map.type(), CV_32F);
      }
    }
    bool announced = false;
    for (const std::string& m : messages) announced = announced || mentions(m, "detectability targets");
    QVERIFY(announced);

    // The trained network runs.
    torch::NoGradGuard noGrad;
    QVERIFY(torch::isfinite(net->forward(torch::zeros({1, 3, 96, 128})).heatmapLogits).all().item<bool>());
  }

  void resumeContinuesAtTheCheckpoint() {
    QTemporaryDir dir;
    TrainingSetLoader::Result set = syntheticTrainingSet();
    JdeTrainOptions options = tinyOptions(3, dir);
    options.detectabilityStart = 0.9;  // after the resume only
    {
      JdeTrainer first(options, set.samples, set.identities);
      first.train();
    }
    QCOMPARE(static_cast<int>(readLines(options.lossCsvPath).size()), 4);
    options.steps = 6;
    options.resume = true;
    std::vector<std::int64_t> steps;
    std::vector<std::string> messages;
    JdeTrainer second(options, set.samples, set.identities);
    second.train([&](const JdeTrainProgress& p) { steps.push_back(p.step); },
                 [&](const std::string& m) { messages.push_back(m); });
    QCOMPARE(steps, (std::vector<std::int64_t>{4, 5, 6}));
    bool resumed = false;
    for (const std::string& m : messages) resumed = resumed || (mentions(m, "resumed") && mentions(m, "step 3"));
    QVERIFY(resumed);
    const std::vector<std::string> lines = readLines(options.lossCsvPath);
    QCOMPARE(static_cast<int>(lines.size()), 7);  // header + 6 rows
    QVERIFY(mentions(lines[0], "step,loss"));
    for (int i = 1; i <= 6; ++i) QCOMPARE(csvNumbers(lines[static_cast<std::size_t>(i)])[0], static_cast<double>(i));
    QVERIFY(second.trainingSeconds() > 0);
  }

  void resumeMatchesAStraightRun() {
    // Same seed: 6 steps in one go and 3 + 3 steps with a resume in between give the same losses (the checkpoint
    // holds the network, ω1/ω2 and the classifier, Adam's state, the step and the augmentation RNG).
    TrainingSetLoader::Result set = syntheticTrainingSet();
    QTemporaryDir straightDir, resumedDir;
    const JdeTrainOptions straight = tinyOptions(6, straightDir);
    {
      std::vector<TrainingSample> samples = set.samples;
      JdeTrainer(straight, samples, set.identities).train();
    }
    JdeTrainOptions resumed = tinyOptions(3, resumedDir);
    resumed.detectabilityStart = 1.0;  // the 6-step run makes its first targets at step 3 = 0.5 · 6
    {
      std::vector<TrainingSample> samples = set.samples;
      JdeTrainer(resumed, samples, set.identities).train();
      resumed.steps = 6;
      resumed.resume = true;
      resumed.detectabilityStart = 0.5;
      JdeTrainer(resumed, samples, set.identities).train();
    }
    const std::vector<std::string> a = readLines(straight.lossCsvPath), b = readLines(resumed.lossCsvPath);
    QCOMPARE(a.size(), b.size());
    for (std::size_t i = 1; i < a.size(); ++i) {
      const std::vector<double> x = csvNumbers(a[i]), y = csvNumbers(b[i]);
      for (std::size_t c = 0; c + 1 < x.size(); ++c)  // every column but the wall-clock seconds
        QVERIFY2(std::fabs(x[c] - y[c]) <= 1e-4 * std::max(1.0, std::fabs(x[c])),
                 qPrintable(QString("row %1: %2 | %3").arg(i).arg(a[i].c_str()).arg(b[i].c_str())));
    }
  }

  void resumeAFinishedRun() {
    // Resuming a checkpoint that already reached options.steps trains nothing, but still reports the run's time and
    // loss (the CLI writes them into the model card as training.seconds and metrics["loss.final"]).
    QTemporaryDir dir;
    TrainingSetLoader::Result set = syntheticTrainingSet();
    JdeTrainOptions options = tinyOptions(3, dir);
    double seconds = 0, loss = 0;
    {
      JdeTrainer first(options, set.samples, set.identities);
      first.train();
      seconds = first.trainingSeconds();
      loss = first.finalLoss();
    }
    options.resume = true;
    JdeTrainer again(options, set.samples, set.identities);
    int steps = 0;
    JdeNet net = again.train([&](const JdeTrainProgress&) { ++steps; });
    QCOMPARE(steps, 0);
    QVERIFY(!net->is_training());
    QCOMPARE(static_cast<int>(readLines(options.lossCsvPath).size()), 4);
    QVERIFY2(again.trainingSeconds() >= seconds,
             qPrintable(QString("trainingSeconds %1 after resuming a run that took %2 s")
                            .arg(again.trainingSeconds())
                            .arg(seconds)));
    QVERIFY2(again.finalLoss() != 0.0 && std::isfinite(again.finalLoss()),
             qPrintable(QString("finalLoss %1 (the run ended at %2)").arg(again.finalLoss()).arg(loss)));
  }

  void resumeWithAnotherArchitecture() {
    // The checkpoint of a tiny network cannot continue as a wider one: an Error naming the checkpoint.
    QTemporaryDir dir;
    TrainingSetLoader::Result set = syntheticTrainingSet();
    JdeTrainOptions options = tinyOptions(2, dir);
    {
      JdeTrainer first(options, set.samples, set.identities);
      first.train();
    }
    options.steps = 4;
    options.resume = true;
    options.architecture.stageChannels = {8, 16, 16, 32, 32};
    options.architecture.neckChannels = 16;
    JdeTrainer wider(options, set.samples, set.identities);
    try {
      JdeNet net = wider.train();
      QFAIL(
          qPrintable(QString("resumed a {8,8,8,16,16} checkpoint as {8,16,16,32,32}; the stage-1 weight is now %1")
                         .arg(QString::fromStdString(c10::str(net->named_parameters()["stage1.0.0.weight"].sizes())))));
    } catch (const Error& e) {
      QVERIFY2(mentions(e.what(), options.checkpointPath), e.what());
    } catch (const std::exception& e) {
      QFAIL(qPrintable(QString("not an edgescope::Error: ") + firstLine(e.what())));
    }
  }

  void resumeFromCorruptCheckpoint() {
    QTemporaryDir dir;
    TrainingSetLoader::Result set = syntheticTrainingSet();
    JdeTrainOptions options = tinyOptions(3, dir);
    std::ofstream(options.checkpointPath) << "not a checkpoint";
    options.resume = true;
    JdeTrainer trainer(options, set.samples, set.identities);
    try {
      trainer.train();
      QFAIL("resumed from garbage");
    } catch (const Error& e) {
      QVERIFY2(mentions(e.what(), options.checkpointPath), e.what());
    }
  }
};

QTEST_APPLESS_MAIN(TestJdeTraining)
#include "TestJdeTraining.moc"
