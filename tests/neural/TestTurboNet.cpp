// TurboNet and the JDE network's encoder levels (issue 21, paper 004): encode()/encodeFrom() reproduce forward()
// bit for bit, every exit has the shape of the level it re-enters after, an untrained enhancer is the identity (its
// last convolutions start at zero), a trained one changes the output and is differentiable into the decoder only,
// BatchNorm folding keeps outputs, the discriminators' shapes, the yield points between decoder blocks. The shipped
// default network (an imported yolox_nano backbone) is checked too: its level values are found in the graph.
#include "NeuralTestUtil.h"
#include "neural/TurboInference.h"
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

bool sameDetections(const std::vector<Detection>& a, const std::vector<Detection>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const BoundingBox &p = a[i].box, &q = b[i].box;
    if (p.x != q.x || p.y != q.y || p.width != q.width || p.height != q.height || a[i].score != b[i].score ||
        a[i].embedding != b[i].embedding)
      return false;
  }
  return true;
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

  void ownEncoderFeedsTheDecoderAndRunsTheFullExit() {
    JdeNet net(tinyConfig());
    net->eval();
    TurboNetConfig config = tinyTurbo(net->encoderLevels());
    QVERIFY_THROWS_EXCEPTION(Error, TurboNet(net->levelChannels(), config)->attachEncoder(JdeNet(tinyConfig())));
    config.ownEncoder = true;
    TurboNet turbo(net->levelChannels(), config);
    torch::NoGradGuard noGrad;
    const torch::Tensor x = torch::randn({1, 3, 64, 96});
    const JdeEncoding encoding = net->encode(x);
    QVERIFY_THROWS_EXCEPTION(Error, turbo->decoderLevels(encoding.levels));  // not attached yet
    const std::size_t decoderOnly = turbo->generatorParameters().size();
    JdeNet copy(tinyConfig());
    JdeModelFile::copyWeights(*net, *copy, "test");
    turbo->attachEncoder(copy);
    QVERIFY_THROWS_EXCEPTION(Error, turbo->attachEncoder(JdeNet(tinyConfig())));
    QCOMPARE(turbo->generatorParameters().size(), decoderOnly + net->backboneParameters().size());
    turbo->eval();
    // A copy with the detector's weights gives the detector's levels; the untrained decoder gives the input back.
    const std::vector<torch::Tensor> own = turbo->decoderLevels(encoding.levels);
    for (std::size_t l = 0; l < own.size(); ++l) QVERIFY(torch::equal(own[l], encoding.levels[l]));
    QVERIFY(torch::equal(turbo->enhance(own, 5), x));
    for (int exit = 1; exit <= 5; ++exit) QCOMPARE(turbo->effectiveExit(exit), 5);
    QCOMPARE(turbo->effectiveExit(0), 0);
    // Through TurboInference any exit asked for runs as the full one.
    perturb(turbo);
    JdeInference base(net, torch::kCPU, JdeInference::Options{});
    TurboInference inference(base, turbo, 1.0, 0.0);
    cv::Mat frame(64, 96, CV_8UC3);
    cv::randu(frame, cv::Scalar::all(0), cv::Scalar::all(255));
    const TurboFrameResult r =
        inference.run(frame, {96, 64}, {}, [](double, const std::vector<Detection>*) { return 2; });
    QCOMPARE(r.exit, 5);
    QCOMPARE(r.plannedExit, 5);
    // Stopped before the last block, an own encoder's partial output is no detector level: plain detections.
    TurboInference::Options options;
    options.plainFirst = true;
    options.yield = [](int, int, double) { return TurboYield::KeepCompleted; };
    const TurboFrameResult stopped =
        inference.run(frame, {96, 64}, options, [](double, const std::vector<Detection>*) { return 5; });
    QVERIFY(stopped.yielded);
    QCOMPARE(stopped.exit, 0);
    QVERIFY(sameDetections(stopped.detections, stopped.plainDetections));
  }

  void yieldPointsStopAtACompletedExit() {
    // enhanceUntil asks between blocks only (after 1 … exit − 1) and stopping after block k gives exit k exactly.
    JdeNet net(tinyConfig());
    net->eval();
    TurboNet turbo(net->levelChannels(), tinyTurbo(5));
    perturb(turbo);
    torch::NoGradGuard noGrad;
    const JdeEncoding encoding = net->encode(torch::randn({1, 3, 64, 64}));
    std::vector<int> asked;
    int ran = 0;
    const torch::Tensor full = turbo->enhanceUntil(
        encoding.levels, 4,
        [&](int done) {
          asked.push_back(done);
          return true;
        },
        &ran);
    QCOMPARE(asked, (std::vector<int>{1, 2, 3}));
    QCOMPARE(ran, 4);
    QVERIFY(torch::equal(full, turbo->enhance(encoding.levels, 4)));
    const torch::Tensor stopped = turbo->enhanceUntil(
        encoding.levels, 4, [](int done) { return done < 2; }, &ran);
    QCOMPARE(ran, 2);
    QVERIFY(torch::equal(stopped, turbo->enhance(encoding.levels, 2)));
    QCOMPARE(stopped.sizes().vec(), encoding.levels[3].sizes().vec());
  }

  void yieldedRunsKeepACompletedExitOrThePlainHeads() {
    // TurboInference at a yield point: KeepCompleted after block 2 of a planned exit 4 gives exactly exit 2's
    // detections; Plain gives exactly exit 0's (the first pass's heads), with the dropped blocks' time counted.
    JdeNet net(tinyConfig());
    net->eval();
    {
      torch::NoGradGuard noGrad;  // boxes of a few cells, so the untrained heads give detections
      for (auto& p : net->named_parameters())
        if (p.key().rfind("size.", 0) == 0 && p.key().find("bias") != std::string::npos) p.value().fill_(3.0);
    }
    TurboNet turboNet(net->levelChannels(), tinyTurbo(5));
    perturb(turboNet);
    JdeInference base(net, torch::kCPU, JdeInference::Options{0.0f, 16, true});
    TurboInference turbo(base, turboNet, 1.0, 0.0);
    cv::Mat frame(96, 128, CV_8UC3);
    cv::randu(frame, cv::Scalar::all(0), cv::Scalar::all(255));
    const cv::Size size(128, 96);
    const auto fixed = [](int exit) { return [exit](double, const std::vector<Detection>*) { return exit; }; };
    TurboInference::Options options;
    const TurboFrameResult exit2 = turbo.run(frame, size, options, fixed(2));
    const TurboFrameResult exit0 = turbo.run(frame, size, options, fixed(0));
    QVERIFY(!exit0.detections.empty());
    QVERIFY(!sameDetections(exit2.detections, exit0.detections));  // the perturbed enhancer changes the output
    std::vector<int> asked;
    options.yield = [&asked](int done, int planned, double) {
      asked.push_back(planned * 10 + done);
      return done == 2 ? TurboYield::KeepCompleted : TurboYield::Continue;
    };
    const TurboFrameResult kept = turbo.run(frame, size, options, fixed(4));
    QCOMPARE(asked, (std::vector<int>{41, 42}));
    QCOMPARE(kept.exit, 2);
    QCOMPARE(kept.plannedExit, 4);
    QVERIFY(kept.yielded);
    QVERIFY(sameDetections(kept.detections, exit2.detections));
    options.yield = [](int, int, double) { return TurboYield::Plain; };
    const TurboFrameResult plain = turbo.run(frame, size, options, fixed(4));
    QCOMPARE(plain.exit, 0);
    QVERIFY(plain.yielded);
    QVERIFY(plain.enhanceMs > 0.0);
    QVERIFY(sameDetections(plain.detections, exit0.detections));
    options.yield = [](int, int, double) { return TurboYield::Continue; };
    const TurboFrameResult full = turbo.run(frame, size, options, fixed(4));
    QCOMPARE(full.exit, 4);
    QVERIFY(!full.yielded);
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
