// TurboNet and the JDE network's encoder levels (issue 21, paper 004): encode()/encodeFrom() reproduce forward()
// bit for bit, every exit has the shape of the level it re-enters after, an untrained enhancer is the identity (its
// last convolutions start at zero), a trained one changes the output and is differentiable into the decoder only,
// BatchNorm folding keeps outputs, the discriminators' shapes. The shipped default network (an imported yolox_nano
// backbone) is checked too: its level values are found in the graph.
#include "NeuralTestUtil.h"
#include "neural/TurboNet.h"

#include <QtTest>

#include "util/Error.h"

using namespace edgescope;
using namespace edgescope::neuraltest;

namespace {

bool sameOutputs(const JdeNetOutput& a, const JdeNetOutput& b) {
  return torch::equal(a.heatmapLogits, b.heatmapLogits) && torch::equal(a.size, b.size) &&
         torch::equal(a.offset, b.offset) && torch::equal(a.reidHidden, b.reidHidden);
}

TurboNetConfig tinyTurbo(int levels) {
  TurboNetConfig config;
  config.decoderChannels.assign(static_cast<std::size_t>(levels), 4);
  config.discriminatorChannels = 4;
  config.discriminatorHidden = 8;
  return config;
}

/// Randomises the zero-initialised output convolutions (a stand-in for training).
void perturb(TurboNet& turbo) {
  torch::NoGradGuard noGrad;
  for (auto& p : turbo->named_parameters())
    if (p.key().rfind("out", 0) == 0) p.value().normal_(0.0, 0.5);
}

}  // namespace

class TestTurboNet : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { torch::manual_seed(3); }

  void encodeAndReenterEqualForward() {
    JdeNet net(tinyConfig());
    net->eval();
    torch::NoGradGuard noGrad;
    const torch::Tensor x = torch::randn({2, 3, 96, 128});
    const JdeNetOutput plain = net->forward(x);
    const JdeEncoding encoding = net->encode(x);
    QCOMPARE(net->encoderLevels(), 5);
    QCOMPARE(static_cast<int>(encoding.levels.size()), 6);
    for (int level = 0; level <= 5; ++level) QCOMPARE(encoding.levels[level].size(2), 96 >> level);
    QVERIFY(sameOutputs(plain, net->heads(encoding.features)));
    for (int level = 0; level < 5; ++level)
      QVERIFY2(sameOutputs(plain, net->heads(net->encodeFrom(level, encoding.levels).features)),
               qPrintable(QString("re-entry after level %1").arg(level)));
    for (int level = 0; level < 5; ++level) {
      const JdeEncoding again = net->encodeFrom(level, encoding.levels);
      QCOMPARE(static_cast<int>(again.levels.size()), 6);
      for (int i = 0; i <= 5; ++i) QVERIFY(torch::equal(again.levels[i], encoding.levels[i]));
    }
    QVERIFY_THROWS_EXCEPTION(Error, net->encodeFrom(5, encoding.levels));
  }

  void exitsHaveTheLevelsShapesAndStartAsIdentity() {
    JdeNet net(tinyConfig());
    net->eval();
    TurboNet turbo(net->levelChannels(), tinyTurbo(net->encoderLevels()));
    turbo->eval();
    torch::NoGradGuard noGrad;
    const torch::Tensor x = torch::randn({1, 3, 64, 96});
    const JdeEncoding encoding = net->encode(x);
    const JdeNetOutput plain = net->heads(encoding.features);
    QCOMPARE(turbo->exits(), 5);
    const std::vector<torch::Tensor> all = turbo->enhanceAll(encoding.levels, 5);
    for (int exit = 1; exit <= 5; ++exit) {
      const torch::Tensor enhanced = turbo->enhance(encoding.levels, exit);
      const torch::Tensor& level = encoding.levels[static_cast<std::size_t>(5 - exit)];
      QCOMPARE(enhanced.sizes().vec(), level.sizes().vec());
      QVERIFY(torch::equal(enhanced, level));  // zero-initialised residual: the identity
      QVERIFY(torch::equal(enhanced, all[static_cast<std::size_t>(exit - 1)]));
      std::vector<torch::Tensor> levels(encoding.levels.begin(), encoding.levels.begin() + (5 - exit) + 1);
      levels.back() = enhanced;
      QVERIFY(sameOutputs(plain, net->heads(net->encodeFrom(5 - exit, levels).features)));
    }
    QVERIFY_THROWS_EXCEPTION(Error, turbo->enhance(encoding.levels, 0));
    QVERIFY_THROWS_EXCEPTION(Error, turbo->enhance(encoding.levels, 6));
  }

  void gradientsReachTheDecoderOnly() {
    JdeNet net(tinyConfig());
    net->eval();
    for (auto& p : net->parameters()) p.set_requires_grad(false);
    TurboNet turbo(net->levelChannels(), tinyTurbo(5));
    perturb(turbo);
    const torch::Tensor x = torch::randn({2, 3, 64, 64});
    JdeEncoding encoding;
    {
      torch::NoGradGuard noGrad;
      encoding = net->encode(x);
    }
    const torch::Tensor enhanced = turbo->enhance(encoding.levels, 3);
    std::vector<torch::Tensor> levels(encoding.levels.begin(), encoding.levels.begin() + 3);
    levels.back() = enhanced;
    const JdeNetOutput out = net->heads(net->encodeFrom(2, levels).features);
    const JdeNetOutput plain = net->heads(encoding.features);
    QVERIFY(!torch::equal(out.heatmapLogits, plain.heatmapLogits));  // a changed decoder changes the detector's input
    out.heatmapLogits.sum().backward();
    int withGrad = 0;
    for (const auto& p : turbo->generatorParameters()) withGrad += p.grad().defined() ? 1 : 0;
    QVERIFY(withGrad > 0);
    for (const auto& p : net->parameters()) QVERIFY(!p.grad().defined());
  }

  void batchNormFoldingKeepsOutputs() {
    JdeNet net(tinyConfig());
    net->eval();
    TurboNet turbo(net->levelChannels(), tinyTurbo(5));
    perturb(turbo);
    turbo->train();  // gather running statistics that differ from the defaults
    {
      torch::NoGradGuard noGrad;
      for (int i = 0; i < 3; ++i) turbo->enhance(net->encode(torch::randn({2, 3, 64, 64}) * 2 + 1).levels, 5);
    }
    turbo->eval();
    torch::NoGradGuard noGrad;
    const JdeEncoding encoding = net->encode(torch::randn({1, 3, 64, 64}));
    const torch::Tensor before = turbo->enhance(encoding.levels, 5);
    turbo->foldBatchNorm();
    QVERIFY(turbo->batchNormFolded());
    const torch::Tensor after = turbo->enhance(encoding.levels, 5);
    QVERIFY(torch::allclose(before, after, 1e-4, 1e-4));
    turbo->foldBatchNorm();  // idempotent
    QVERIFY(torch::allclose(before, turbo->enhance(encoding.levels, 5), 1e-4, 1e-4));
  }

  void discriminatorShapes() {
    JdeNet net(tinyConfig());
    TurboNet turbo(net->levelChannels(), tinyTurbo(5));
    torch::NoGradGuard noGrad;
    const JdeEncoding encoding = net->encode(torch::randn({2, 3, 96, 128}));
    QCOMPARE(turbo->frameLogits(encoding.levels[5]).sizes().vec(), (std::vector<int64_t>{2, 1}));
    const torch::Tensor boxes = torch::tensor({0.f, 10.f, 10.f, 40.f, 90.f, 1.f, 60.f, 0.f, 100.f, 50.f, 1.f, 0.f, 0.f,
                                               128.f, 96.f})
                                    .view({3, 5});
    QCOMPARE(turbo->instanceLogits(encoding.levels[3], boxes, {96, 128}).sizes().vec(),
             (std::vector<int64_t>{3, 1}));
    QCOMPARE(turbo->instanceLogits(encoding.levels[3], torch::zeros({0, 5}), {96, 128}).size(0), int64_t{0});
  }

  void wrongDecoderWidthsAreAnError() {
    QVERIFY_THROWS_EXCEPTION(Error, TurboNet(std::vector<int>{3, 8, 8, 8, 16, 16}, tinyTurbo(4)));
  }

  void shippedDefaultNetworkHasLevels() {
    const std::string card = std::string(EDGESCOPE_MODELS_DIR) + "/jde_yolox_s8.json";
    if (!QFile::exists(QString::fromStdString(card))) QSKIP("models/jde_yolox_s8.json is not in this checkout");
    JdeModel model = JdeModelFile::load(card);
    QCOMPARE(model.net->encoderLevels(), 5);
    QCOMPARE(model.net->levelValues().size(), std::size_t{6});
    torch::NoGradGuard noGrad;
    const torch::Tensor x = torch::rand({1, 3, 128, 160}) * 255;
    const JdeNetOutput plain = model.net->forward(x);
    const JdeEncoding encoding = model.net->encode(x);
    for (int level = 0; level <= 5; ++level) QCOMPARE(encoding.levels[level].size(2), 128 >> level);
    QVERIFY(sameOutputs(plain, model.net->heads(encoding.features)));
    for (int level = 0; level < 5; ++level)
      QVERIFY2(sameOutputs(plain, model.net->heads(model.net->encodeFrom(level, encoding.levels).features)),
               qPrintable(QString("re-entry after level %1").arg(level)));
    TurboNet turbo(model.net->levelChannels(), TurboNetConfig{});
    turbo->eval();
    for (int exit = 1; exit <= 5; ++exit)
      QCOMPARE(turbo->enhance(encoding.levels, exit).sizes().vec(), encoding.levels[5 - exit].sizes().vec());
  }
};

QTEST_GUILESS_MAIN(TestTurboNet)
#include "TestTurboNet.moc"
