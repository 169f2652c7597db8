// A JdeNet on an imported ONNX backbone (issue 19), with ../shared/models/yolox_nano.onnx (skipped without it): the
// heads' shapes at output strides 4 and 8 for several input sizes; the imported backbone computes what the pretrained
// graph computes; a save/load round trip keeps the graph, the provenance in the card and every output; a card whose
// graph sha256 differs is refused; one tiny training step from the import (with the OSNet teacher when present)
// moves the new layers and — once unfrozen — the backbone, while a frozen backbone stays put.
#include "NeuralTestUtil.h"

#include <QtTest>

#include <QTemporaryDir>
#include <fstream>

#include "../detect/DetectTestData.h"
#include "neural/JdeBackboneImport.h"
#include "util/Error.h"

using namespace edgescope;
using namespace edgescope::neuraltest;

namespace {

/// yolox_nano's PAFPN outputs (strides 8, 16, 32) and its dark2 output (stride 4).
JdeNetConfig yoloxConfig(int strideOut) {
  JdeNetConfig config = tinyConfig();
  config.strideOut = strideOut;
  config.backbone.taps = {"956", "990", "1024"};
  config.backbone.stride4Tap = "721";
  config.backbone.inputOrder = "bgr";
  config.backbone.licence = "Apache-2.0";
  return config;
}

std::string yoloxPath() { return detecttest::modelPath("yolox_nano.onnx"); }

bool haveYolox() { return QFile::exists(QString::fromStdString(yoloxPath())); }

torch::Tensor backboneValue(OnnxGraph& graph, const torch::Tensor& x, const std::string& tap) {
  return graph.run({x}, {tap}).at(tap);
}

}  // namespace

class TestJdeBackboneImport : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { torch::set_num_threads(1); }

  void shapesAtSeveralSizes_data() {
    QTest::addColumn<int>("stride");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::newRow("stride 8, 64x64") << 8 << 64 << 64;
    QTest::newRow("stride 8, 160x96") << 8 << 160 << 96;
    QTest::newRow("stride 4, 96x128") << 4 << 96 << 128;
    QTest::newRow("stride 4, 224x160") << 4 << 224 << 160;
  }
  void shapesAtSeveralSizes() {
    if (!haveYolox()) QSKIP("../shared/models/yolox_nano.onnx absent: no backbone to import");
    QFETCH(int, stride);
    QFETCH(int, width);
    QFETCH(int, height);
    JdeNetConfig config = yoloxConfig(stride);
    const auto pretrained = JdeBackboneImport::prepare(config, yoloxPath());
    QCOMPARE(QString::fromStdString(config.backbone.source), QString("yolox_nano.onnx"));
    QCOMPARE(config.backbone.sourceSha256.size(), std::size_t{64});
    QVERIFY(config.backbone.graph && config.backbone.graph->size() < 200000);  // structure only
    JdeNet net(config);
    JdeBackboneImport::copyInto(*pretrained, net);
    net->eval();
    torch::NoGradGuard noGrad;
    const torch::Tensor x = torch::rand({2, 3, height, width}) * 255;
    const JdeNetOutput out = net->forward(x, true);
    const std::vector<int64_t> grid{height / stride, width / stride};
    QCOMPARE(out.heatmapLogits.sizes().vec(), (std::vector<int64_t>{2, 1, grid[0], grid[1]}));
    QCOMPARE(out.size.sizes().vec(), (std::vector<int64_t>{2, 2, grid[0], grid[1]}));
    QCOMPARE(out.offset.sizes().vec(), (std::vector<int64_t>{2, 2, grid[0], grid[1]}));
    QCOMPARE(out.reidHidden.sizes().vec(), (std::vector<int64_t>{2, config.reidHiddenChannels, grid[0], grid[1]}));
    QCOMPARE(out.detectabilityLogits.sizes().vec(),
             (std::vector<int64_t>{2, config.detectabilityChannels, grid[0], grid[1]}));
    // The imported backbone is the pretrained graph.
    const torch::Tensor ours = backboneValue(*net->onnxBackbone(), x, "990");
    QVERIFY(torch::allclose(ours, backboneValue(*pretrained, x, "990")));
    QVERIFY(ours.abs().max().item<double>() > 0.1);
    // New layers and backbone split the parameters between them.
    QCOMPARE(net->backboneParameters().size() + net->newParameters().size(), net->parameters().size());
  }

  void saveLoadRoundTrip() {
    if (!haveYolox()) QSKIP("../shared/models/yolox_nano.onnx absent: no backbone to import");
    QTemporaryDir dir;
    JdeNetConfig config = yoloxConfig(8);
    const auto pretrained = JdeBackboneImport::prepare(config, yoloxPath());
    JdeNet net(config);
    JdeBackboneImport::copyInto(*pretrained, net);
    net->eval();
    JdeModelCard card;
    card.name = "imported";
    const std::string weights = dir.filePath("imported.pt").toStdString();
    JdeModelFile::save(net, card, weights);

    JdeModel loaded = JdeModelFile::load(JdeModelCard::cardPathFor(weights));
    const JdeBackboneSpec& spec = loaded.card.architecture.backbone;
    QVERIFY(spec.isOnnx());
    QCOMPARE(QString::fromStdString(spec.licence), QString("Apache-2.0"));
    QCOMPARE(spec.taps, config.backbone.taps);
    QCOMPARE(loaded.card.architecture.strideOut, 8);
    QVERIFY(loaded.card.architecture == config);
    torch::NoGradGuard noGrad;
    const torch::Tensor x = torch::rand({1, 3, 96, 128}) * 255;
    QVERIFY(torch::allclose(net->forward(x, true).heatmapLogits, loaded.net->forward(x, true).heatmapLogits));
    QVERIFY(torch::allclose(net->forward(x, true).reidHidden, loaded.net->forward(x, true).reidHidden));

    // A card whose graph digest does not match the weights file's graph is refused, naming both files.
    std::ifstream in(JdeModelCard::cardPathFor(weights));
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::size_t at = text.find(spec.graphSha256);
    QVERIFY(at != std::string::npos);
    text.replace(at, 4, "0000");
    std::ofstream(JdeModelCard::cardPathFor(weights), std::ios::trunc) << text;
    try {
      JdeModelFile::load(weights);
      QFAIL("a foreign backbone graph must not load");
    } catch (const Error& e) {
      QVERIFY2(mentions(e.what(), "imported.pt") && mentions(e.what(), "backbone graph"), e.what());
    }
  }

  void tinyTrainingStepFromImport() {
    if (!haveYolox()) QSKIP("../shared/models/yolox_nano.onnx absent: no backbone to import");
    QTemporaryDir dir;
    TrainingSetLoader::Result data = syntheticTrainingSet();
    const auto train = [&](int freezeSteps, const std::string& name) {
      JdeTrainOptions options = tinyTrainOptions(2, dir.path(), name + ".ckpt");
      options.architecture = yoloxConfig(8);
      options.backboneOnnx = yoloxPath();
      options.freezeBackboneSteps = freezeSteps;
      options.backboneLrScale = 0.5;
      options.lambda = 0.0;
      const std::string osnet = detecttest::modelPath("osnet_x0_25_msmt17.onnx");
      if (QFile::exists(QString::fromStdString(osnet))) options.reidTeacher = "onnx-reid:" + osnet;
      JdeTrainer trainer(options, data.samples, data.identities);
      JdeNet trained = trainer.train();
      return std::make_pair(trained, trainer.architecture());
    };
    JdeNetConfig imported = yoloxConfig(8);
    const auto pretrained = JdeBackboneImport::prepare(imported, yoloxPath());
    const auto distance = [&](JdeNet& net) {
      double sum = 0;
      const auto a = net->onnxBackbone()->parameters();
      const auto b = pretrained->parameters();
      for (std::size_t i = 0; i < a.size(); ++i) sum += (a[i] - b[i]).abs().sum().item<double>();
      return sum;
    };
    auto [learning, architecture] = train(0, "learning");
    QVERIFY(architecture.backbone.graph);
    QVERIFY(distance(learning) > 0.0);
    auto [frozen, unused] = train(2, "frozen");
    QCOMPARE(distance(frozen), 0.0);
    torch::manual_seed(5);  // the trainer's seed: the same initial new layers
    const JdeNet fresh(architecture);
    double headMoved = 0;
    const auto trainedHeads = frozen->newParameters();
    const auto initialHeads = fresh->newParameters();
    QCOMPARE(trainedHeads.size(), initialHeads.size());
    for (std::size_t i = 0; i < trainedHeads.size(); ++i)
      headMoved += (trainedHeads[i] - initialHeads[i]).abs().sum().item<double>();
    QVERIFY(std::isfinite(headMoved) && headMoved > 0.0);
  }
};

QTEST_APPLESS_MAIN(TestJdeBackboneImport)
#include "TestJdeBackboneImport.moc"
