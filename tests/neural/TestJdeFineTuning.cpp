// Fine-tuning pieces of JdeTrainer: starting from a saved model or a checkpoint (--init), the weight average
// (--ema, WeightAverage) that a run returns and keeps in its checkpoints, the detectability-head-only stage, and the
// errors for a missing or corrupt starting point; a model of another architecture is fine-tuned as what it is.
// Tiny network, 96×64 crops.
#include "NeuralTestUtil.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>

#include "neural/JdeTrainer.h"
#include "neural/WeightAverage.h"
#include "util/Error.h"

using namespace edgescope;
using namespace edgescope::neuraltest;

namespace {

JdeTrainOptions tinyOptions(int steps, const QTemporaryDir& dir, const std::string& name = "run") {
  return tinyTrainOptions(steps, dir.path(), name + ".ckpt");
}

/// Options of a @p steps-step run that starts from the model card @p card with learning rate @p learningRate.
JdeTrainOptions fineTuneOptions(int steps, const QTemporaryDir& dir, const std::string& card, double learningRate) {
  JdeTrainOptions options = tinyOptions(steps, dir);
  options.initFrom = card;
  options.learningRate = learningRate;
  return options;
}

/// Largest absolute difference over every parameter and buffer of two networks of one architecture.
double maxDifference(JdeNet& a, JdeNet& b) {
  std::vector<torch::Tensor> x = a->parameters(), y = b->parameters();
  for (const torch::Tensor& t : a->buffers()) x.push_back(t);
  for (const torch::Tensor& t : b->buffers()) y.push_back(t);
  double worst = 0;
  for (std::size_t i = 0; i < x.size(); ++i)
    worst = std::max(worst, (x[i].to(torch::kDouble) - y[i].to(torch::kDouble)).abs().max().item<double>());
  return worst;
}

/// The network stored under @p key ("net", or "average" → its "net") of a trainer checkpoint.
JdeNet fromCheckpoint(const std::string& path, const std::string& key) {
  torch::serialize::InputArchive archive, inner, net;
  archive.load_from(path);
  JdeNet result(tinyConfig());
  if (key == "average") {
    archive.read("average", inner);
    inner.read("net", net);
  } else {
    archive.read("net", net);
  }
  result->load(net);
  return result;
}

}  // namespace

class TestJdeFineTuning : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { torch::set_num_threads(1); }

  void weightAverageRampsTowardsTheLiveWeights() {
    torch::manual_seed(3);
    JdeNet live(tinyConfig());
    WeightAverage average(live, 0.9);
    QCOMPARE(maxDifference(live, average.net()), 0.0);  // starts as a copy
    {
      torch::NoGradGuard noGrad;
      for (torch::Tensor& p : live->parameters()) p.fill_(1.0);
    }
    const double before = average.net()->parameters().front().flatten()[0].item<double>();
    average.update(live);
    // Update 1: d = min(0.9, 2 / 11).
    const double d = 2.0 / 11.0;
    const double after = average.net()->parameters().front().flatten()[0].item<double>();
    QVERIFY2(std::fabs(after - (d * before + (1.0 - d))) < 1e-6,
             qPrintable(QString("average %1 from %2, expected %3").arg(after).arg(before).arg(d * before + 1 - d)));
    for (int i = 0; i < 200; ++i) average.update(live);
    QCOMPARE(average.updates(), std::int64_t{201});
    for (const torch::Tensor& p : average.net()->parameters())
      QVERIFY((p - 1.0).abs().max().item<double>() < 1e-6);  // 0.9^200 of the start is left
    QVERIFY(!average.net()->parameters().front().requires_grad());
    QVERIFY_THROWS_EXCEPTION(Error, WeightAverage(live, 1.0));
    QVERIFY_THROWS_EXCEPTION(Error, WeightAverage(live, 0.0));
  }

  void initFromASavedModel() {
    // A fine-tune starts from the model's weights: with a negligible learning rate one step leaves them in place.
    QTemporaryDir dir;
    const std::string card = saveTinyModel(dir.path(), "start", 11);
    TrainingSetLoader::Result set = syntheticTrainingSet();
    JdeTrainOptions options = fineTuneOptions(1, dir, card, 1e-9);
    std::vector<std::string> messages;
    JdeNet tuned = JdeTrainer(options, set.samples, set.identities)
                       .train({}, [&](const std::string& m) { messages.push_back(m); });
    JdeModel start = JdeModelFile::load(card);
    const double moved = maxDifference(tuned, start.net);
    // BatchNorm running statistics follow the training batch (momentum 0.1) whatever the learning rate: compare
    // parameters only, where Adam's first step moves each by at most the learning rate.
    double paramsMoved = 0;
    for (std::size_t i = 0; i < tuned->parameters().size(); ++i)
      paramsMoved = std::max(paramsMoved,
                             (tuned->parameters()[i] - start.net->parameters()[i]).abs().max().item<double>());
    QVERIFY2(paramsMoved < 1e-6, qPrintable(QString("parameters moved by %1 (all state %2)").arg(paramsMoved).arg(moved)));
    torch::manual_seed(99);
    JdeNet fresh(tinyConfig());
    QVERIFY(maxDifference(tuned, fresh) > 1e-2);  // not a fresh initialisation
    bool announced = false;
    for (const std::string& m : messages) announced = announced || (mentions(m, "starting from") && mentions(m, card));
    QVERIFY(announced);
  }

  void initFromACheckpoint() {
    QTemporaryDir dir;
    TrainingSetLoader::Result set = syntheticTrainingSet();
    JdeTrainOptions first = tinyOptions(3, dir, "first");
    JdeNet trained = JdeTrainer(first, set.samples, set.identities).train();
    JdeTrainOptions second = tinyOptions(1, dir, "second");
    second.initFrom = first.checkpointPath;
    second.learningRate = 1e-9;
    int steps = 0;
    JdeNet tuned = JdeTrainer(second, set.samples, set.identities).train([&](const JdeTrainProgress& p) {
      ++steps;
      QCOMPARE(p.step, std::int64_t{1});  // a fresh schedule, not the checkpoint's step 3
    });
    QCOMPARE(steps, 1);
    double paramsMoved = 0;
    for (std::size_t i = 0; i < tuned->parameters().size(); ++i)
      paramsMoved = std::max(paramsMoved, (tuned->parameters()[i] - trained->parameters()[i]).abs().max().item<double>());
    QVERIFY2(paramsMoved < 1e-6, qPrintable(QString("parameters moved by %1").arg(paramsMoved)));
  }

  void initErrorsNameTheFile() {
    QTemporaryDir dir;
    TrainingSetLoader::Result set = syntheticTrainingSet();
    const std::string corrupt = dir.filePath("corrupt.ckpt").toStdString();
    std::ofstream(corrupt) << "not a checkpoint";
    const std::string missingModel = dir.filePath("missing.pt").toStdString();
    for (const std::string& path : {corrupt, missingModel}) {
      JdeTrainOptions options = tinyOptions(1, dir);
      options.initFrom = path;
      try {
        JdeTrainer(options, set.samples, set.identities).train();
        QFAIL(qPrintable(QString::fromStdString("started from " + path)));
      } catch (const Error& e) {
        QVERIFY2(mentions(e.what(), path), e.what());
      }
    }
    // A model of another architecture than the options name: fine-tuning trains the model's own architecture.
    JdeNetConfig wider = tinyConfig();
    wider.stageChannels = {8, 16, 16, 32, 32};
    const std::string other = saveTinyModel(dir.path(), "wider", 3, wider);
    JdeTrainOptions options = tinyOptions(1, dir);
    options.initFrom = other;
    JdeTrainer trainer(options, set.samples, set.identities);
    QVERIFY(trainer.architecture() == wider);
    QVERIFY(trainer.train()->config() == wider);
  }

  void detectabilityOnlyTrainsTheHeadAlone() {
    // The second stage (--detectability-only): every weight and BatchNorm statistic outside the detectability head
    // stays exactly as loaded, the head moves, and the targets are made once from the frozen network.
    QTemporaryDir dir;
    const std::string card = saveTinyModel(dir.path(), "start", 13);
    TrainingSetLoader::Result set = syntheticTrainingSet();
    JdeTrainOptions options = fineTuneOptions(3, dir, card, 1e-2);
    options.detectabilityOnly = true;
    int targetRuns = 0;
    JdeNet tuned = JdeTrainer(options, set.samples, set.identities).train({}, [&](const std::string& m) {
      if (mentions(m, "detectability targets regenerated")) ++targetRuns;
    });
    QCOMPARE(targetRuns, 1);
    for (const TrainingSample& sample : set.samples) QVERIFY(!sample.detectability.empty());
    JdeModel start = JdeModelFile::load(card);
    auto tunedState = tuned->named_parameters();
    for (const auto& b : tuned->named_buffers()) tunedState.insert(b.key(), b.value());
    auto startState = start.net->named_parameters();
    for (const auto& b : start.net->named_buffers()) startState.insert(b.key(), b.value());
    int headTensors = 0;
    for (const auto& item : tunedState) {
      const double moved = (item.value().to(torch::kDouble) - startState[item.key()].to(torch::kDouble)).abs().max()
                               .item<double>();
      if (item.key().rfind("detectability.", 0) == 0) {
        ++headTensors;
        QVERIFY2(moved > 1e-6, qPrintable(QString::fromStdString(item.key() + " did not learn")));
      } else {
        QVERIFY2(moved == 0.0, qPrintable(QString::fromStdString(item.key()) + QString(" moved by %1").arg(moved)));
      }
    }
    QVERIFY(headTensors >= 2);

    // It needs a trained network to start from.
    JdeTrainOptions alone = tinyOptions(1, dir, "alone");
    alone.detectabilityOnly = true;
    try {
      JdeTrainer(alone, set.samples, set.identities);
      QFAIL("trained the detectability head of a random network");
    } catch (const Error& e) {
      QVERIFY2(mentions(e.what(), "--init"), e.what());
    }
    // ... and a detectability weight to learn from.
    JdeTrainOptions weightless = fineTuneOptions(1, dir, card, 1e-2);
    weightless.detectabilityOnly = true;
    weightless.lambda = 0.0;
    try {
      JdeTrainer(weightless, set.samples, set.identities);
      QFAIL("trained the detectability head with λ = 0");
    } catch (const Error& e) {
      QVERIFY2(mentions(e.what(), "--lambda"), e.what());
    }
  }

  void emaRunReturnsTheAverageAndCheckpointsIt() {
    QTemporaryDir dir;
    TrainingSetLoader::Result set = syntheticTrainingSet();
    JdeTrainOptions options = tinyOptions(4, dir);
    options.emaDecay = 0.999;
    std::vector<std::string> messages;
    JdeNet returned = JdeTrainer(options, set.samples, set.identities)
                          .train({}, [&](const std::string& m) { messages.push_back(m); });
    JdeNet live = fromCheckpoint(options.checkpointPath, "net");
    JdeNet average = fromCheckpoint(options.checkpointPath, "average");
    QCOMPARE(maxDifference(returned, average), 0.0);
    QVERIFY2(maxDifference(returned, live) > 1e-6, "the run returned the live weights, not their average");
    bool announced = false;
    for (const std::string& m : messages) announced = announced || mentions(m, "weight average of 4 steps");
    QVERIFY(announced);

    // Resuming keeps averaging from the checkpoint's average (not a fresh copy of the live weights).
    options.steps = 5;
    options.resume = true;
    JdeNet resumed = JdeTrainer(options, set.samples, set.identities).train();
    JdeNet liveAfter = fromCheckpoint(options.checkpointPath, "net");
    // Update 5: d = min(0.999, 6 / 15) = 0.4 of the old average, 0.6 of the new live weights.
    std::vector<torch::Tensor> expected;
    for (std::size_t i = 0; i < average->parameters().size(); ++i)
      expected.push_back(0.4 * average->parameters()[i] + 0.6 * liveAfter->parameters()[i]);
    double worst = 0;
    for (std::size_t i = 0; i < expected.size(); ++i)
      worst = std::max(worst, (resumed->parameters()[i] - expected[i]).abs().max().item<double>());
    QVERIFY2(worst < 1e-5, qPrintable(QString("resumed average off by %1").arg(worst)));
  }
};

QTEST_APPLESS_MAIN(TestJdeFineTuning)
#include "TestJdeFineTuning.moc"
