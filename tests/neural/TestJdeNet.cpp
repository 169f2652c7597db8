// JdeNet and JdeNetConfig: output shapes on the stride-4 grid for several input sizes, the optional detectability
// head, embed(), BatchNorm folding for inference, the heatmap prior (sigmoid ≈ 0.1), validate() errors naming the field, JSON round trips.
#include "NeuralTestUtil.h"

#include <QtTest>

#include <cmath>

#include "util/Error.h"
#include <nlohmann/json.hpp>

#include "util/JsonDocument.h"
#include "util/JsonNode.h"

using namespace edgescope;
using namespace edgescope::neuraltest;

namespace {

std::vector<int64_t> shapeOf(const torch::Tensor& t) { return t.sizes().vec(); }

QByteArray shapeText(const torch::Tensor& t) {
  QByteArray text;
  for (int64_t s : t.sizes()) text += QByteArray::number(static_cast<qlonglong>(s)) + ' ';
  return text;
}

/// The bias of the last layer of head @p prefix ("heatmap.", "detectability.").
torch::Tensor lastBias(JdeNet& net, const std::string& prefix) {
  torch::Tensor bias;
  for (const auto& item : net->named_parameters())
    if (item.key().rfind(prefix, 0) == 0 && item.key().size() > 5 &&
        item.key().compare(item.key().size() - 5, 5, ".bias") == 0)
      bias = item.value();
  return bias;
}

JdeNetConfig roundTrip(const JdeNetConfig& config) {
  return JdeNetConfig::read(JsonDocument::parse(JsonDocument::dump(config.toJson()), "architecture.json").root());
}

/// "resolutionScales[1] 0.79411764705882348 → 0.79411764709999999; …" for the fields that differ (or "").
QString differences(const JdeNetConfig& a, const JdeNetConfig& b) {
  QStringList out;
  if (a.resolutionScales.size() == b.resolutionScales.size()) {
    for (std::size_t i = 0; i < a.resolutionScales.size(); ++i)
      if (a.resolutionScales[i] != b.resolutionScales[i])
        out << QString("resolutionScales[%1] %2 -> %3")
                   .arg(i)
                   .arg(a.resolutionScales[i], 0, 'g', 17)
                   .arg(b.resolutionScales[i], 0, 'g', 17);
  } else {
    out << "resolutionScales count";
  }
  for (std::size_t i = 0; i < 3; ++i) {
    if (a.meanRgb[i] != b.meanRgb[i]) out << QString("meanRgb[%1]").arg(i);
    if (a.stdRgb[i] != b.stdRgb[i]) out << QString("stdRgb[%1]").arg(i);
  }
  return out.join("; ");
}

}  // namespace

class TestJdeNet : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { torch::set_num_threads(1); }

  void outputShapes_data() {
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("batch");
    QTest::newRow("64x64") << 64 << 64 << 1;
    QTest::newRow("128x96 batch 2") << 128 << 96 << 2;
    QTest::newRow("320x224") << 320 << 224 << 1;
    QTest::newRow("32x32 (one stride-32 cell)") << 32 << 32 << 1;
  }
  void outputShapes() {
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(int, batch);
    torch::manual_seed(1);
    const JdeNetConfig config = tinyConfig();
    JdeNet net(config);
    net->eval();
    torch::NoGradGuard noGrad;
    const JdeNetOutput out = net->forward(torch::randn({batch, 3, height, width}), true);
    const int64_t h = height / 4, w = width / 4;
    QCOMPARE(shapeOf(out.heatmapLogits), (std::vector<int64_t>{batch, 1, h, w}));
    QCOMPARE(shapeOf(out.size), (std::vector<int64_t>{batch, 2, h, w}));
    QCOMPARE(shapeOf(out.offset), (std::vector<int64_t>{batch, 2, h, w}));
    QCOMPARE(shapeOf(out.reidHidden), (std::vector<int64_t>{batch, config.reidHiddenChannels, h, w}));
    QVERIFY2(out.detectabilityLogits.defined(), "detectability head skipped although requested");
    QCOMPARE(shapeOf(out.detectabilityLogits), (std::vector<int64_t>{batch, config.detectabilityChannels, h, w}));
    for (const torch::Tensor* t :
         {&out.heatmapLogits, &out.size, &out.offset, &out.reidHidden, &out.detectabilityLogits})
      QVERIFY2(torch::isfinite(*t).all().item<bool>(), shapeText(*t).constData());
  }

  void defaultArchitectureShapes() {
    // The shipped default architecture (R = 5, 64 ReID hidden channels) on a small input.
    JdeNet net(JdeNetConfig{});
    net->eval();
    torch::NoGradGuard noGrad;
    const JdeNetOutput out = net->forward(torch::zeros({1, 3, 96, 160}));
    QCOMPARE(shapeOf(out.reidHidden), (std::vector<int64_t>{1, 64, 24, 40}));
    QCOMPARE(shapeOf(out.detectabilityLogits), (std::vector<int64_t>{1, 5, 24, 40}));
  }

  void withoutDetectabilityLeavesItUndefined() {
    JdeNet net(tinyConfig());
    net->eval();
    torch::NoGradGuard noGrad;
    const JdeNetOutput out = net->forward(torch::zeros({1, 3, 64, 96}), false);
    QVERIFY(!out.detectabilityLogits.defined());
    QCOMPARE(shapeOf(out.heatmapLogits), (std::vector<int64_t>{1, 1, 16, 24}));
    QVERIFY(out.reidHidden.defined());
  }

  void patchModelsHaveNoDetectabilityHeadAndMayBeDeeper() {
    JdeNetConfig c = tinyConfig();
    c.detectabilityChannels = 0;
    c.resolutionScales.clear();
    c.residualBlocks = 2;
    c.validate();
    JdeNet net(c);
    const JdeNetOutput out = net->forward(torch::zeros({1, 3, 64, 32}), true);
    QVERIFY(!out.detectabilityLogits.defined());
    QCOMPARE(shapeOf(out.heatmapLogits), (std::vector<int64_t>{1, 1, 16, 8}));
    JdeNet shallow(tinyConfig());
    QVERIFY(net->parameters().size() > shallow->parameters().size());  // a second block per stage, no head
    const JdeNetConfig back = JdeNetConfig::read(JsonNode(c.toJson()));
    QCOMPARE(back.residualBlocks, 2);
    QVERIFY(back == c);
  }
  void detectabilityDoesNotChangeOtherHeads() {
    torch::manual_seed(3);
    JdeNet net(tinyConfig());
    net->eval();
    torch::NoGradGuard noGrad;
    const torch::Tensor input = torch::randn({1, 3, 64, 64});
    const JdeNetOutput a = net->forward(input, true), b = net->forward(input, false);
    QVERIFY(torch::equal(a.heatmapLogits, b.heatmapLogits));
    QVERIFY(torch::equal(a.reidHidden, b.reidHidden));
  }

  void foldedBatchNormKeepsTheOutputs() {
    // Trained-looking BatchNorm statistics, so a wrong fold shows; channels-last input as JdeInference feeds it.
    torch::manual_seed(9);
    JdeNet net(tinyConfig());
    int batchNorms = 0;
    {
      torch::NoGradGuard noGrad;
      for (const auto& item : net->named_modules()) {
        auto* bn = item.value()->as<torch::nn::BatchNorm2d>();
        if (!bn) continue;
        ++batchNorms;
        bn->running_mean.uniform_(-0.5, 0.5);
        bn->running_var.uniform_(0.2, 3.0);
        bn->weight.uniform_(0.5, 1.5);
        bn->bias.uniform_(-0.3, 0.3);
      }
    }
    QVERIFY(batchNorms > 0);
    net->eval();
    torch::NoGradGuard noGrad;
    const torch::Tensor input = torch::randn({1, 3, 96, 64}).contiguous(torch::MemoryFormat::ChannelsLast);
    const JdeNetOutput before = net->forward(input, true);
    const auto parametersBefore = net->parameters().size();
    net->foldBatchNorm();
    net->foldBatchNorm();  // idempotent
    QVERIFY(net->batchNormFolded());
    for (const auto& item : net->named_modules()) QVERIFY2(!item.value()->as<torch::nn::BatchNorm2d>(), item.key().c_str());
    QVERIFY(net->parameters().size() < parametersBefore);  // BN weight+bias gone, one conv bias each in their place
    const JdeNetOutput after = net->forward(input, true);
    for (const auto& [a, b] : {std::pair{before.heatmapLogits, after.heatmapLogits}, {before.size, after.size},
                               {before.offset, after.offset}, {before.reidHidden, after.reidHidden},
                               {before.detectabilityLogits, after.detectabilityLogits}})
      QVERIFY2(torch::allclose(a, b, 1e-4, 1e-4), QByteArray::number((a - b).abs().max().item<double>()));
  }

  void embedShape() {
    const JdeNetConfig config = tinyConfig();
    JdeNet net(config);
    QCOMPARE(shapeOf(net->embed(torch::randn({5, config.reidHiddenChannels}))),
             (std::vector<int64_t>{5, config.embeddingDim}));
    QCOMPARE(shapeOf(net->embed(torch::randn({0, config.reidHiddenChannels}))),
             (std::vector<int64_t>{0, config.embeddingDim}));
    JdeNetConfig wide = config;
    wide.embeddingDim = 128;
    JdeNet wideNet(wide);
    QCOMPARE(shapeOf(wideNet->embed(torch::randn({3, config.reidHiddenChannels}))), (std::vector<int64_t>{3, 128}));
  }

  void embedMatchesGatheredFeatures() {
    // embed() on features gathered at some cells = the ReID head's last 1×1 layer applied at those cells.
    torch::manual_seed(5);
    JdeNet net(tinyConfig());
    net->eval();
    torch::NoGradGuard noGrad;
    const JdeNetOutput out = net->forward(torch::randn({1, 3, 64, 64}));
    const torch::Tensor hidden = out.reidHidden[0].flatten(1).t();  // (h·w) × hidden
    const torch::Tensor all = net->embed(hidden);
    const torch::Tensor some = net->embed(hidden.index({torch::tensor({3, 17, 200})}));
    QVERIFY(torch::allclose(some, all.index({torch::tensor({3, 17, 200})})));
  }

  void heatmapPriorIsAboutTenPercent() {
    JdeNet net(tinyConfig());
    for (const char* head : {"heatmap.", "detectability."}) {
      const torch::Tensor bias = lastBias(net, head);
      QVERIFY2(bias.defined(), head);
      const torch::Tensor prior = torch::sigmoid(bias);
      QVERIFY2(torch::allclose(prior, torch::full_like(prior, 0.1), 0.0, 0.002), head);
    }
    // The prior dominates the untrained output too: the mean heatmap probability stays near 0.1 on a blank frame.
    net->eval();
    torch::NoGradGuard noGrad;
    const double mean = torch::sigmoid(net->forward(torch::zeros({1, 3, 64, 64})).heatmapLogits).mean().item<double>();
    QVERIFY2(mean > 0.02 && mean < 0.4, QByteArray::number(mean).constData());
  }

  void validateNamesTheField_data() {
    QTest::addColumn<int>("which");
    QTest::addColumn<QString>("field");
    QTest::newRow("4 stages") << 0 << "stageChannels";
    QTest::newRow("stage 2 zero") << 1 << "stageChannels[2]";
    QTest::newRow("neck 0") << 2 << "neckChannels";
    QTest::newRow("head 2000") << 3 << "headChannels";
    QTest::newRow("reid hidden 0") << 4 << "reidHiddenChannels";
    QTest::newRow("embedding 4") << 5 << "embeddingDim";
    QTest::newRow("blocks 5") << 6 << "residualBlocks";
    QTest::newRow("R 17") << 7 << "detectabilityChannels";
    QTest::newRow("scales count") << 8 << "resolutionScales";
    QTest::newRow("scale 1.5") << 9 << "resolutionScales[1]";
    QTest::newRow("std 0") << 10 << "stdRgb[1]";
    QTest::newRow("std NaN") << 11 << "stdRgb[0]";
  }
  void validateNamesTheField() {
    QFETCH(int, which);
    QFETCH(QString, field);
    JdeNetConfig c = tinyConfig();
    switch (which) {
      case 0:
        c.stageChannels = {8, 8, 8, 16};
        break;
      case 1:
        c.stageChannels[2] = 0;
        break;
      case 2:
        c.neckChannels = 0;
        break;
      case 3:
        c.headChannels = 2000;
        break;
      case 4:
        c.reidHiddenChannels = 0;
        break;
      case 5:
        c.embeddingDim = 4;
        break;
      case 6:
        c.residualBlocks = 5;
        break;
      case 7:
        c.detectabilityChannels = 17;
        c.resolutionScales.assign(17, 0.5);
        break;
      case 8:
        c.resolutionScales.pop_back();
        break;
      case 9:
        c.resolutionScales[1] = 1.5;
        break;
      case 10:
        c.stdRgb[1] = 0.0f;
        break;
      case 11:
        c.stdRgb[0] = std::nanf("");
        break;
    }
    try {
      c.validate();
      QFAIL("validate() accepted an invalid configuration");
    } catch (const Error& e) {
      QVERIFY2(mentions(e.what(), field.toStdString()), e.what());
    }
    QVERIFY_THROWS_EXCEPTION(Error, JdeNet{c});
  }

  void validConfigurationsPass() {
    tinyConfig().validate();
    JdeNetConfig{}.validate();
    JdeNetConfig one = tinyConfig();
    one.detectabilityChannels = 1;
    one.resolutionScales = {1.0};
    one.validate();
    JdeNet net(one);
    torch::NoGradGuard noGrad;
    QCOMPARE(net->forward(torch::zeros({1, 3, 32, 64})).detectabilityLogits.size(1), int64_t{1});
  }

  void jsonRoundTrip_data() {
    QTest::addColumn<int>("which");
    QTest::newRow("tiny") << 0;
    QTest::newRow("default (paper ladder scales)") << 1;
    QTest::newRow("custom normalisation, R = 3") << 2;
  }
  void jsonRoundTrip() {
    QFETCH(int, which);
    JdeNetConfig config = which == 1 ? JdeNetConfig{} : tinyConfig();
    if (which == 2) {
      config.meanRgb = {0.5f, 0.25f, 0.125f};
      config.stdRgb = {0.2f, 0.3f, 0.4f};
      config.detectabilityChannels = 3;
      config.resolutionScales = {1.0, 0.75, 0.5};
      config.embeddingDim = 64;
    }
    const JdeNetConfig back = roundTrip(config);
    QVERIFY2(back == config, qPrintable("changed by the JSON round trip: " + differences(config, back)));
    QVERIFY(back.stageChannels == config.stageChannels);
    QCOMPARE(back.embeddingDim, config.embeddingDim);
  }

  void jsonMissingFieldsKeepDefaults() {
    QVERIFY(JdeNetConfig::read(JsonDocument::parse("{}", "empty.json").root()) == JdeNetConfig{});
    const JdeNetConfig partial = JdeNetConfig::read(JsonDocument::parse(R"({"embeddingDim": 32})", "partial.json").root());
    QCOMPARE(partial.embeddingDim, 32);
    QCOMPARE(partial.neckChannels, JdeNetConfig{}.neckChannels);
  }

  void jsonErrorsNameTheField_data() {
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("field");
    QTest::newRow("meanRgb of 2") << R"({"meanRgb": [0.1, 0.2]})"
                                  << "meanRgb";
    QTest::newRow("embedding 2") << R"({"embeddingDim": 2})"
                                 << "embeddingDim";
    QTest::newRow("R without scales") << R"({"detectabilityChannels": 3})"
                                      << "resolutionScales";
    QTest::newRow("neck as text") << R"({"neckChannels": "wide"})"
                                  << "neckChannels";
  }
  void jsonErrorsNameTheField() {
    QFETCH(QString, json);
    QFETCH(QString, field);
    try {
      JdeNetConfig::read(JsonDocument::parse(json.toStdString(), "card.json").root());
      QFAIL("read() accepted an invalid architecture");
    } catch (const Error& e) {
      QVERIFY2(mentions(e.what(), field.toStdString()), e.what());
    }
  }
};

QTEST_APPLESS_MAIN(TestJdeNet)
#include "TestJdeNet.moc"
