// AmsTrainableSet (paper 003 Section 3.1, issue 22): the shipped default network's trainable set holds the imported
// backbone's convolutions, the neck and the heatmap/size/offset heads and nothing of BatchNorm, ReID, detectability
// or the embedding; the layout hash identifies the architecture; flat()/assign() round-trip and write through to the
// network; entryOf() at entry boundaries; per-layer counts; a folded network is refused.
#include "NeuralTestUtil.h"

#include <QtTest>

#include "../TestHelpers.h"

#include <numeric>
#include <set>

#include "neural/AmsTrainableSet.h"
#include "util/Error.h"

using namespace edgescope;
using namespace edgescope::neuraltest;
using edgescope::testing::errorOf;

namespace {

std::string modelPath(const std::string& name) { return std::string(EDGESCOPE_MODELS_DIR) + "/" + name + ".json"; }

bool startsWith(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

/// Storage addresses of @p tensors (distinct tensors have distinct storage here).
std::set<const void*> addressesOf(const std::vector<torch::Tensor>& tensors) {
  std::set<const void*> out;
  for (const torch::Tensor& t : tensors) out.insert(t.data_ptr());
  return out;
}

}  // namespace

class TestAmsTrainableSet : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { torch::set_num_threads(1); }

  void shippedSetHoldsBackboneNeckAndDetectionHeads() {
    JdeModel model = JdeModelFile::load(modelPath("jde_yolox_s8"));
    const AmsTrainableSet set(model.net);
    std::set<std::string> layers;
    std::size_t expectedOffset = 0;
    for (const AmsTrainableSet::Entry& entry : set.entries()) {
      QCOMPARE(entry.offset, expectedOffset);  // contiguous, in order
      QCOMPARE(entry.count, static_cast<std::size_t>(entry.tensor.numel()));
      expectedOffset += entry.count;
      layers.insert(entry.layer.substr(0, entry.layer.find_first_of(".0123456789")));
      for (const char* excluded : {"reid", "detectability", "embedding"})
        QVERIFY2(entry.name.find(excluded) == std::string::npos, entry.name.c_str());
    }
    QCOMPARE(set.parameterCount(), expectedOffset);
    for (const char* expected : {"backbone", "lateral", "smooth", "heatmap", "size", "offset"})
      QVERIFY2(layers.count(expected) == 1, expected);
    QCOMPARE(layers.size(), std::size_t{6});

    // Every convolution of the neck and the three heads is in; no BatchNorm tensor, nor any other head's.
    const std::set<const void*> trainable = addressesOf(set.tensors());
    QCOMPARE(trainable.size(), set.entries().size());
    std::size_t convolutions = 0;
    for (const auto& item : model.net->named_modules("", /*include_self=*/false)) {
      const std::string& name = item.key();
      const bool detectionPart = AmsTrainableSet::isTrainableModule(name);
      for (const torch::Tensor& p : item.value()->parameters(/*recurse=*/false)) {
        if (item.value()->as<torch::nn::BatchNorm2dImpl>() || !detectionPart || startsWith(name, "backbone")) {
          if (!startsWith(name, "backbone")) QVERIFY2(trainable.count(p.data_ptr()) == 0, name.c_str());
          continue;
        }
        QVERIFY2(item.value()->as<torch::nn::Conv2dImpl>() != nullptr, name.c_str());
        QVERIFY2(trainable.count(p.data_ptr()) == 1, name.c_str());
      }
      if (detectionPart && item.value()->as<torch::nn::Conv2dImpl>()) ++convolutions;
    }
    QVERIFY(convolutions >= 3 * 2 + 3 + 2);  // heads (2 each), laterals, smoothing

    // The imported backbone: exactly the weights and biases its Conv nodes read, in node order.
    const auto& graph = model.net->onnxBackbone();
    QVERIFY(graph != nullptr);
    std::vector<std::string> expected;
    std::set<std::string> seen;
    for (const OnnxNode& node : graph->nodes()) {
      if (node.op != "Conv") continue;
      for (std::size_t k = 1; k < node.inputs.size() && k <= 2; ++k)
        if (!node.inputs[k].empty() && seen.insert(node.inputs[k]).second)
          expected.push_back("backbone." + graph->parameterName(node.inputs[k]));
    }
    std::vector<std::string> backbone;
    for (const AmsTrainableSet::Entry& entry : set.entries())
      if (entry.layer == "backbone") backbone.push_back(entry.name);
    QVERIFY(!backbone.empty());
    QVERIFY(backbone == expected);
    QCOMPARE(set.entries().front().layer, std::string("backbone"));  // forward order: backbone first
  }

  void nativeBackboneSet() {
    torch::manual_seed(2);
    JdeNet net(tinyConfig());
    const AmsTrainableSet set(net);
    std::set<std::string> layers;
    for (const AmsTrainableSet::Entry& entry : set.entries()) {
      layers.insert(entry.layer.substr(0, entry.layer.find_first_of(".0123456789")));
      QVERIFY2(entry.tensor.dim() == 4 || entry.name.find("bias") != std::string::npos, entry.name.c_str());
    }
    const std::set<std::string> expected{"stem", "stage", "lateral", "smooth", "heatmap", "size", "offset"};
    QVERIFY(layers == expected);
    for (const auto& item : net->named_modules("", false)) {
      if (!item.value()->as<torch::nn::BatchNorm2dImpl>()) continue;
      const std::set<const void*> trainable = addressesOf(set.tensors());
      for (const torch::Tensor& p : item.value()->parameters()) QVERIFY(trainable.count(p.data_ptr()) == 0);
    }
  }

  void layoutHashIdentifiesTheArchitecture() {
    JdeModel a = JdeModelFile::load(modelPath("jde_yolox_s8"));
    JdeModel b = JdeModelFile::load(modelPath("jde_yolox_s8"));
    JdeModel c = JdeModelFile::load(modelPath("jde_yolox_s4"));
    const AmsTrainableSet sa(a.net), sb(b.net), sc(c.net);
    QCOMPARE(sa.layoutHash(), sb.layoutHash());
    QCOMPARE(sa.parameterCount(), sb.parameterCount());
    QVERIFY(sa.layoutHash() != sc.layoutHash());
    // Weights do not enter the hash: a perturbed network keeps it.
    {
      torch::NoGradGuard noGrad;
      b.net->parameters().front().add_(1.0f);
    }
    QCOMPARE(AmsTrainableSet(b.net).layoutHash(), sa.layoutHash());
  }

  void flatAndAssignRoundTrip() {
    torch::manual_seed(4);
    JdeNet net(tinyConfig());
    AmsTrainableSet set(net);
    const std::vector<float> original = set.flat();
    QCOMPARE(original.size(), set.parameterCount());
    // The flat vector is each tensor flattened row-major, one after another.
    const AmsTrainableSet::Entry& second = set.entries().at(1);
    QCOMPARE(original[second.offset], second.tensor.flatten()[0].item<float>());
    QCOMPARE(original[second.offset + second.count - 1], second.tensor.flatten()[-1].item<float>());

    std::vector<float> changed = original;
    for (std::size_t i = 0; i < changed.size(); ++i) changed[i] = static_cast<float>(i % 97) * 0.25f - 3.0f;
    set.assign(changed);
    QVERIFY(set.flat() == changed);
    const AmsTrainableSet::Entry& last = set.entries().back();
    QCOMPARE(last.tensor.flatten()[0].item<float>(), changed[last.offset]);  // written through to the network
    set.assign(original);
    QVERIFY(set.flat() == original);

    const QString error = errorOf([&] { set.assign(std::vector<float>(3, 0.0f)); });
    QVERIFY2(error.contains("'values'"), qPrintable(error));
    QVERIFY(set.flat() == original);
  }

  void entryOfAtBoundaries() {
    torch::manual_seed(5);
    JdeNet net(tinyConfig());
    const AmsTrainableSet set(net);
    for (std::size_t i = 0; i < set.entries().size(); ++i) {
      const AmsTrainableSet::Entry& entry = set.entries()[i];
      QCOMPARE(set.entryOf(entry.offset), i);
      QCOMPARE(set.entryOf(entry.offset + entry.count - 1), i);
    }
    QCOMPARE(set.entryOf(set.parameterCount() - 1), set.entries().size() - 1);
    const QString error = errorOf([&] { set.entryOf(set.parameterCount()); });
    QVERIFY2(error.contains(QString::number(set.parameterCount())), qPrintable(error));
  }

  void perLayerCountsSumToTheIndices() {
    torch::manual_seed(6);
    JdeNet net(tinyConfig());
    const AmsTrainableSet set(net);
    std::vector<std::uint32_t> indices;
    for (std::size_t i = 0; i < set.parameterCount(); i += 7) indices.push_back(static_cast<std::uint32_t>(i));
    const auto counts = set.perLayerCounts(indices);
    std::size_t sum = 0;
    for (const auto& [layer, count] : counts) sum += count;
    QCOMPARE(sum, indices.size());
    // One row per module, in forward order, zeros included.
    std::vector<std::string> layers;
    for (const AmsTrainableSet::Entry& entry : set.entries())
      if (layers.empty() || layers.back() != entry.layer) layers.push_back(entry.layer);
    QCOMPARE(counts.size(), layers.size());
    for (std::size_t i = 0; i < layers.size(); ++i) QCOMPARE(counts[i].first, layers[i]);

    const std::uint32_t lastIndex = static_cast<std::uint32_t>(set.parameterCount() - 1);
    const auto ends = set.perLayerCounts({0, lastIndex});
    QCOMPARE(ends.front().second, std::size_t{1});
    QCOMPARE(ends.back().second, std::size_t{1});
    std::size_t middle = 0;
    for (std::size_t i = 1; i + 1 < ends.size(); ++i) middle += ends[i].second;
    QCOMPARE(middle, std::size_t{0});
    QVERIFY(!errorOf([&] { set.perLayerCounts({lastIndex + 1}); }).contains("<no error>"));
  }

  void foldedNetworkIsRefused() {
    torch::manual_seed(7);
    JdeNet net(tinyConfig());
    net->eval();
    net->foldBatchNorm();
    const QString error = errorOf([&] { AmsTrainableSet set(net); });
    QVERIFY2(error.contains("folded"), qPrintable(error));
  }

  void trainableModuleNames() {
    for (const char* name : {"heatmap.0", "size.1", "offset.0", "stem.0", "stage3.1.body.0", "lateral2", "smooth1.0"})
      QVERIFY2(AmsTrainableSet::isTrainableModule(name), name);
    for (const char* name : {"reid.0", "detectability.0", "embedding", "backbone", "sizeless"})
      QVERIFY2(!AmsTrainableSet::isTrainableModule(name), name);
  }
};

QTEST_GUILESS_MAIN(TestAmsTrainableSet)
#include "TestAmsTrainableSet.moc"
