// PatchNet: every preset within the parameter budget; batches at the three sizes decode ≤ 3 peaks per crop with unit
// embeddings, a batch equals its crops run one by one; bad batches and cards that are not patch models are errors
// naming the file and field.
#include <filesystem>
#include <fstream>

#include "neural/JdeModelFile.h"
#include "patchnet/PatchNet.h"
#include "patchnet/PatchPresets.h"
#include "util/Error.h"

#include <QtTest>  // after LibTorch: Qt's "slots" macro breaks its headers

using namespace edgescope;

namespace {

/// Saves a freshly initialised network of @p preset as a patch model in @p folder; returns the .pt path.
std::string savePatchModel(const QString& folder, const PatchPreset& preset, const std::string& kind = "patch") {
  torch::manual_seed(3);
  JdeNet net(preset.architecture);
  JdeModelCard card;
  card.kind = kind;
  card.name = "test_" + preset.name;
  card.architecture = preset.architecture;
  card.patch.sizes = {{32, 64}, {64, 128}, {96, 192}};
  const std::string path = (folder + "/" + QString::fromStdString(card.name) + ".pt").toStdString();
  JdeModelFile::save(net, card, path);
  return path;
}

cv::Mat randomCrop(cv::Size size, int seed) {
  cv::Mat crop(size, CV_8UC3);
  cv::setRNGSeed(seed);
  cv::randu(crop, 0, 255);
  return crop;
}

}  // namespace

class TestPatchNet : public QObject {
  Q_OBJECT
 private slots:
  void presetsWithinBudget() {
    for (const PatchPreset& preset : PatchPresets::all()) {
      JdeNet net(preset.architecture);
      const auto count = PatchNet::parameterCount(net);
      QVERIFY2(count <= PatchPresets::kMaxParameters, preset.name.c_str());
      QVERIFY(count > 10000);
      QCOMPARE(preset.architecture.detectabilityChannels, 0);
    }
    QVERIFY_THROWS_EXCEPTION(Error, PatchPresets::byName("huge"));
  }
  void batchesAtEverySize() {
    QTemporaryDir dir;
    PatchNetOptions options;
    options.minObjectness = 0.0f;  // an untrained network: decode every peak
    PatchNet net = PatchNet::load(savePatchModel(dir.path(), PatchPresets::all().front()), "cpu", 0, options);
    QCOMPARE(static_cast<int>(net.sizes().size()), 3);
    QCOMPARE(net.card().kind, std::string("patch"));
    for (const cv::Size& size : net.sizes()) {
      std::vector<cv::Mat> crops;
      for (int i = 0; i < 8; ++i) crops.push_back(randomCrop(size, i));
      const auto batch = net.run(crops);
      QCOMPARE(static_cast<int>(batch.size()), 8);
      for (const auto& peaks : batch) {
        QCOMPARE(static_cast<int>(peaks.size()), 3);
        for (const PatchPeak& peak : peaks) {
          QCOMPARE(static_cast<int>(peak.embedding.size()), 128);
          double norm = 0;
          for (float v : peak.embedding) norm += v * v;
          QVERIFY(std::abs(norm - 1.0) < 1e-3);
          QVERIFY(peak.objectness >= 0.0f && peak.objectness <= 1.0f);
          QVERIFY(std::isfinite(peak.box.width) && peak.box.width >= 0.0f);
        }
      }
      // Batch invariance: crop 5 alone decodes the same peaks.
      const auto single = net.run({crops[5]});
      for (int j = 0; j < 3; ++j) {
        QVERIFY(std::abs(single[0][j].objectness - batch[5][j].objectness) < 1e-4f);
        QVERIFY(std::abs(single[0][j].box.x - batch[5][j].box.x) < 1e-2f);
      }
    }
  }
  void badBatchesAreErrors() {
    QTemporaryDir dir;
    PatchNet net = PatchNet::load(savePatchModel(dir.path(), PatchPresets::all().front()));
    QVERIFY(net.run({}).empty());
    QVERIFY_THROWS_EXCEPTION(Error, net.run({randomCrop({64, 128}, 1), randomCrop({32, 64}, 2)}));
    QVERIFY_THROWS_EXCEPTION(Error, net.run({randomCrop({60, 128}, 1)}));
    QVERIFY_THROWS_EXCEPTION(Error, net.run(std::vector<cv::Mat>(65, randomCrop({32, 64}, 1))));
    QVERIFY_THROWS_EXCEPTION(Error, net.run({cv::Mat(64, 32, CV_32FC3)}));
  }
  void jdeCardIsNotAPatchModel() {
    QTemporaryDir dir;
    PatchPreset preset = PatchPresets::all().front();
    preset.architecture.detectabilityChannels = 1;
    preset.architecture.resolutionScales = {1.0};
    const std::string path = savePatchModel(dir.path(), preset, "jde");
    try {
      PatchNet::load(path);
      QFAIL("no error");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("kind") && QString(e.what()).contains(".json"), e.what());
    }
  }
  void corruptOrMismatchedFilesAreErrors() {
    QTemporaryDir dir;
    const std::string path = savePatchModel(dir.path(), PatchPresets::all().front());
    {  // weights changed after the card: sha256 mismatch
      std::ofstream out(path, std::ios::binary | std::ios::app);
      out << "x";
    }
    try {
      PatchNet::load(path);
      QFAIL("no error");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("sha256") || QString(e.what()).contains(QString::fromStdString(path)),
               e.what());
    }
    const std::string card = JdeModelCard::cardPathFor(path);
    std::filesystem::remove(path);
    QVERIFY_THROWS_EXCEPTION(Error, PatchNet::load(card));
    std::ofstream(card, std::ios::trunc) << R"({"format":"edgescope-jde","version":1,"kind":"patch","patch":{}})";
    try {
      PatchNet::load(card);
      QFAIL("no error");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("sizes") || QString(e.what()).contains("weights"), e.what());
    }
  }
};

QTEST_GUILESS_MAIN(TestPatchNet)
#include "TestPatchNet.moc"

