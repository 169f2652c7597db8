// TurboTrainer (issue 21): a few tiny steps of every stage on synthetic frames — the losses are finite and logged,
// the detector's tensors are unchanged (and stay frozen), a run stopped and resumed from its checkpoint ends with
// exactly the weights of an uninterrupted one, the trained enhancer differs from the identity, calibration gives
// finite Platt parameters, and bad options are Errors.
#include "NeuralTestUtil.h"
#include "neural/TurboTrainer.h"

#include <QtTest>

#include <QFile>
#include <QTemporaryDir>

#include "util/Error.h"

using namespace edgescope;
using namespace edgescope::neuraltest;

namespace {

TurboTrainOptions tinyOptions(const QString& folder, std::array<int, 4> steps) {
  TurboTrainOptions options;
  options.stageSteps = steps;
  options.batchSize = 3;
  options.cropSize = {96, 64};
  options.device = "cpu";
  options.seed = 11;
  options.degrade = DegradationSpec::parse("kinds=dark,noise,motion,strength=0.8:1");
  options.architecture.decoderChannels = {4, 4, 4, 4, 4};
  options.architecture.discriminatorChannels = 4;
  options.architecture.discriminatorHidden = 8;
  options.checkpointPath = (folder + "/turbo.ckpt").toStdString();
  options.checkpointEverySteps = 2;
  options.lossCsvPath = (folder + "/turbo.csv").toStdString();
  return options;
}

std::vector<torch::Tensor> tensorsOf(torch::nn::Module& module) {
  std::vector<torch::Tensor> out;
  for (const auto& t : JdeModelFile::tensorsOf(module)) out.push_back(t.detach().clone());
  return out;
}

bool allEqual(const std::vector<torch::Tensor>& a, const std::vector<torch::Tensor>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!torch::equal(a[i], b[i])) return false;
  return true;
}

}  // namespace

class TestTurboTraining : public QObject {
  Q_OBJECT

 private:
  TrainingSetLoader::Result data_;
  QTemporaryDir folder_;

  JdeNet tinyDetector() {
    torch::manual_seed(2);
    JdeNet net(tinyConfig());
    net->eval();
    return net;
  }

 private Q_SLOTS:
  void initTestCase() {
    torch::set_num_threads(1);
    data_ = syntheticTrainingSet();
    QVERIFY(!data_.samples.empty());
    QVERIFY(folder_.isValid());
  }

  void everyStageRunsAndLeavesTheDetectorUnchanged() {
    JdeNet detector = tinyDetector();
    const std::vector<torch::Tensor> before = tensorsOf(*detector);
    QTemporaryDir dir;
    TurboTrainer trainer(tinyOptions(dir.path(), {2, 2, 4, 20}), detector, data_.samples, {});
    std::vector<int> stages;
    const TurboTrainResult result = trainer.train([&](const TurboTrainProgress& p) {
      stages.push_back(p.stage);
      QVERIFY(std::isfinite(p.discriminator));
      QVERIFY(std::isfinite(p.detection));
    });
    QCOMPARE(stages, (std::vector<int>{0, 0, 1, 1, 2, 2, 2, 2}));
    QVERIFY(allEqual(before, tensorsOf(*detector)));
    QVERIFY(std::isfinite(result.calibrationA) && std::isfinite(result.calibrationB));
    QVERIFY(result.discriminatorAccuracy >= 0.0 && result.discriminatorAccuracy <= 1.0);
    // Trained output convolutions are no longer zero: the enhancer is not the identity any more.
    double outputNorm = 0.0;
    for (const auto& p : result.net->named_parameters())
      if (p.key().rfind("out", 0) == 0) outputNorm += p.value().abs().sum().item<double>();
    QVERIFY(outputNorm > 0.0);
    QFile csv(dir.path() + "/turbo.csv");
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QCOMPARE(csv.readAll().count('\n'), 9);  // header + 8 steps
  }

  void resumedRunEqualsUninterruptedRun() {
    QTemporaryDir straightDir, resumedDir;
    TurboTrainOptions straight = tinyOptions(straightDir.path(), {2, 2, 4, 0});
    TurboTrainResult a = TurboTrainer(straight, tinyDetector(), data_.samples, {}).train();
    {
      QTemporaryDir again;
      TurboTrainResult a2 = TurboTrainer(tinyOptions(again.path(), {2, 2, 4, 0}), tinyDetector(), data_.samples, {}).train();
      QVERIFY2(allEqual(tensorsOf(*a.net), tensorsOf(*a2.net)), "two uninterrupted runs differ");
    }

    TurboTrainOptions firstHalf = tinyOptions(resumedDir.path(), {2, 2, 4, 0});
    TurboTrainer stopped(firstHalf, tinyDetector(), data_.samples, {});
    int steps = 0;
    stopped.train([&](const TurboTrainProgress&) {
      if (++steps == 5) stopped.requestStop();
    });
    QCOMPARE(steps, 5);
    TurboTrainOptions secondHalf = firstHalf;
    secondHalf.resume = true;
    int resumedSteps = 0;
    TurboTrainResult b = TurboTrainer(secondHalf, tinyDetector(), data_.samples, {}).train([&](const TurboTrainProgress& p) {
      if (resumedSteps++ == 0) QCOMPARE(p.firstStep, std::int64_t{5});
    });
    QCOMPARE(resumedSteps, 3);
    QVERIFY(allEqual(tensorsOf(*a.net), tensorsOf(*b.net)));
  }

  void badOptionsAreErrors() {
    TurboTrainOptions options = tinyOptions(folder_.path(), {1, 1, 1, 1});
    QVERIFY_THROWS_EXCEPTION(Error, TurboTrainer(options, tinyDetector(), {}, {}));
    options.cropSize = {100, 64};
    QVERIFY_THROWS_EXCEPTION(Error, TurboTrainer(options, tinyDetector(), data_.samples, {}));
    options = tinyOptions(folder_.path(), {1, 1, 1, 1});
    options.degrade.kinds.clear();
    QVERIFY_THROWS_EXCEPTION(Error, TurboTrainer(options, tinyDetector(), data_.samples, {}));
    options = tinyOptions(folder_.path(), {1, 1, 1, 1});
    options.frameLabels = "oracle";
    QVERIFY_THROWS_EXCEPTION(Error, TurboTrainer(options, tinyDetector(), data_.samples, {}));
  }

  void trainingSetWithoutHardFramesIsAnError() {
    // Nobody in any frame and an untrained detector that finds nobody: every frame is easy (d = 0).
    std::vector<TrainingSample> empty = data_.samples;
    for (TrainingSample& sample : empty) sample.boxes.clear();
    JdeNet detector = tinyDetector();
    QTemporaryDir dir;
    TurboTrainer trainer(tinyOptions(dir.path(), {2, 1, 1, 1}), detector, empty, {});
    try {
      trainer.train({});
      QFAIL("a training set without hard frames trained");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("no hard frame"), e.what());
    }
  }

  void ablationSwitchesTrain() {
    for (const char* ablation : {"noAdversarial", "noInstance"}) {
      QTemporaryDir dir;
      TurboTrainOptions options = tinyOptions(dir.path(), {1, 2, 2, 2});
      options.noAdversarial = std::string(ablation) == "noAdversarial";
      options.noInstance = std::string(ablation) == "noInstance";
      int steps = 0;
      TurboTrainer(options, tinyDetector(), data_.samples, {}).train([&](const TurboTrainProgress& p) {
        ++steps;
        QVERIFY(std::isfinite(p.discriminator));
        if (options.noAdversarial) QCOMPARE(p.adversarial, 0.0);
      });
      QCOMPARE(steps, 5);
    }
  }

  void modelAgnosticTrainsItsOwnEncoderOnPixels() {
    // --model-agnostic: stage 1 is idle, stage 2 learns the full image by pixel L1 with a trainable copy of the
    // encoder (it moves away from the detector's weights, which stay unchanged), no detection/adversarial/pair term.
    QTemporaryDir dir;
    TurboTrainOptions options = tinyOptions(dir.path(), {1, 2, 3, 2});
    options.modelAgnostic = true;
    JdeNet detector = tinyDetector();
    const std::vector<torch::Tensor> before = tensorsOf(*detector);
    std::vector<double> pixel;
    const TurboTrainResult result =
        TurboTrainer(options, detector, data_.samples, {}).train([&](const TurboTrainProgress& p) {
          QCOMPARE(p.detection, 0.0);
          QCOMPARE(p.adversarial, 0.0);
          QCOMPARE(p.pair, 0.0);
          if (p.stage == 2) pixel.push_back(p.pixel);
        });
    QCOMPARE(pixel.size(), std::size_t{3});
    for (double l1 : pixel) QVERIFY(std::isfinite(l1) && l1 > 0.0);
    QVERIFY(allEqual(before, tensorsOf(*detector)));
    QVERIFY(result.net->hasOwnEncoder());
    QVERIFY(result.net->config().ownEncoder);
    const auto own = result.net->named_parameters();
    int moved = 0;
    for (const auto& p : detector->named_parameters()) {
      QVERIFY(own.contains("encoder." + p.key()));
      if (!torch::equal(own["encoder." + p.key()], p.value())) ++moved;
    }
    QVERIFY(moved > 0);
    QFile csv(dir.path() + "/turbo.csv");
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QVERIFY(csv.readLine().trimmed().endsWith(",pixel"));
  }

  void recallLabelsAndInitFromAnEnhancer() {
    QTemporaryDir first, second;
    TurboTrainResult a = TurboTrainer(tinyOptions(first.path(), {2, 0, 2, 0}), tinyDetector(), data_.samples, {}).train();
    TurboTrainOptions options = tinyOptions(second.path(), {0, 0, 0, 0});
    options.frameLabels = "recall";
    // No steps at all: the result is the initial weights, i.e. @p init's.
    TurboTrainResult b = TurboTrainer(options, tinyDetector(), data_.samples, {}, a.net).train();
    QVERIFY(allEqual(tensorsOf(*a.net), tensorsOf(*b.net)));
    options.stageSteps = {3, 0, 0, 0};
    TurboTrainResult c = TurboTrainer(options, tinyDetector(), data_.samples, {}, a.net).train();
    QVERIFY(!allEqual(tensorsOf(*a.net), tensorsOf(*c.net)));  // D_f moved on the recall labels
  }
};

QTEST_GUILESS_MAIN(TestTurboTraining)
#include "TestTurboTraining.moc"
