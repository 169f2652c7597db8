// TurboModelFile (issue 21, paper 004): save → load gives the same tensors and outputs, from the card or the weights
// path, on the CPU in eval mode and unfolded; a folded net or a card without its detector is refused; every broken
// enhancer (weights that fail their sha256, a detector card that changed, an exit-count or level-channel mismatch,
// another architecture, a truncated .pt, a garbage .json, a missing .pt or card) is an Error naming the file.
#include "NeuralTestUtil.h"
#include "neural/TurboModelFile.h"

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <functional>

#include <nlohmann/json.hpp>

#include "util/Digest.h"
#include "util/Error.h"

using namespace edgescope;
using namespace edgescope::neuraltest;

namespace {

TurboNetConfig tinyTurbo() {
  TurboNetConfig config;
  config.decoderChannels = {4, 4, 6, 4, 4};
  config.discriminatorChannels = 4;
  config.discriminatorHidden = 8;
  config.imageScale = 3.5;
  return config;
}

std::string readText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void writeText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

/// The Error message of load(@p path, @p detector), or empty when it loaded.
std::string loadError(const std::string& path, const JdeModel& detector) {
  try {
    TurboModelFile::load(path, detector);
  } catch (const Error& e) {
    return e.what();
  } catch (const std::exception& e) {
    return "not an edgescope::Error: " + firstLine(e.what()).toStdString();
  }
  return {};
}

/// The card at @p cardPath after @p edit on its JSON.
void editCard(const std::string& cardPath, const std::function<void(nlohmann::ordered_json&)>& edit) {
  nlohmann::ordered_json json = nlohmann::ordered_json::parse(readText(cardPath));
  edit(json);
  writeText(cardPath, json.dump(2));
}

bool sameTensors(torch::nn::Module& a, torch::nn::Module& b) {
  const auto pa = a.named_parameters(), pb = b.named_parameters();
  const auto ba = a.named_buffers(), bb = b.named_buffers();
  if (pa.size() != pb.size() || ba.size() != bb.size()) return false;
  for (const auto& item : pa)
    if (pb.find(item.key()) == nullptr || !torch::equal(item.value(), *pb.find(item.key()))) return false;
  for (const auto& item : ba)
    if (bb.find(item.key()) == nullptr || !torch::equal(item.value(), *bb.find(item.key()))) return false;
  return true;
}

}  // namespace

class TestTurboModelFile : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    torch::set_num_threads(1);
    QVERIFY(dir_.isValid());
    detectorCard_ = saveTinyModel(dir_.path(), "jde_tiny");
    detector_ = JdeModelFile::load(detectorCard_);
  }

  void saveLoadRoundTrip() {
    QTemporaryDir dir;
    TurboNet net{nullptr};
    const std::string cardPath = saveTurbo(dir.path() + "/sub", &net);
    const std::string weights = (dir.path() + "/sub/turbo_jde_tiny.pt").toStdString();
    QVERIFY(std::filesystem::exists(weights));
    QVERIFY(!std::filesystem::exists(weights + ".tmp"));
    torch::manual_seed(5);
    const torch::Tensor x = torch::randn({1, 3, 64, 96});
    torch::NoGradGuard noGrad;
    const JdeEncoding encoding = detector_.net->encode(x);
    for (const std::string& path : {cardPath, weights}) {
      TurboModel model = TurboModelFile::load(path, detector_);
      QCOMPARE(model.cardPath, cardPath);
      QCOMPARE(std::filesystem::path(model.weightsPath), std::filesystem::path(weights));
      QCOMPARE(model.card.weightsFile, std::string("turbo_jde_tiny.pt"));
      QCOMPARE(model.card.weightsSha256, Digest::sha256OfFile(weights));
      QCOMPARE(model.card.detectorCard, std::string("jde_tiny.json"));
      QCOMPARE(model.card.detectorSha256, Digest::sha256OfFile(detectorCard_));
      QVERIFY(model.card.architecture == TurboModelFile::architectureOf(tinyTurbo()));
      QVERIFY(model.card.levelChannels == detector_.net->levelChannels());
      QCOMPARE(model.card.exits, 5);
      QCOMPARE(model.card.calibration.a, 1.5);
      QCOMPARE(model.card.training.stageSteps[3], std::int64_t{4});
      QCOMPARE(model.card.validation.at("val.AP50.exit5"), 0.25);
      QVERIFY(!model.card.gainProfile.has_value());
      QVERIFY(!model.net->is_training());
      QVERIFY(!model.net->batchNormFolded());
      QCOMPARE(model.net->config().imageScale, 3.5);
      for (const torch::Tensor& t : JdeModelFile::tensorsOf(*model.net)) QVERIFY(t.device().is_cpu());
      QVERIFY(sameTensors(*net, *model.net));
      for (int exit = 1; exit <= 5; ++exit)
        QVERIFY(torch::equal(net->enhance(encoding.levels, exit), model.net->enhance(encoding.levels, exit)));
      QVERIFY(torch::equal(net->frameLogits(encoding.levels[5]), model.net->frameLogits(encoding.levels[5])));
    }
    TurboArchitecture architecture;
    architecture.decoderChannels = {7, 5, 3};
    architecture.discriminatorChannels = 9;
    architecture.discriminatorHidden = 12;
    architecture.imageScale = 1.0 / 0.289;
    const TurboNetConfig config = TurboModelFile::configOf(architecture);
    QVERIFY(config.decoderChannels == architecture.decoderChannels);
    QCOMPARE(config.discriminatorChannels, 9);
    QCOMPARE(config.discriminatorHidden, 12);
    QCOMPARE(config.imageScale, architecture.imageScale);
    QVERIFY(TurboModelFile::architectureOf(config) == architecture);
  }

  void modelAgnosticEnhancerCarriesItsOwnEncoder() {
    // A model-agnostic enhancer's weights hold its own (trained) copy of the detector's encoder: they come back, the
    // card says so, and the loaded net reads that encoder, not the detector's, for every exit.
    QTemporaryDir dir;
    TurboNetConfig config = tinyTurbo();
    config.ownEncoder = true;
    TurboNet net(detector_.net->levelChannels(), config);
    net->attachEncoder(JdeNet(detector_.net->config()));
    torch::manual_seed(8);
    {
      torch::NoGradGuard noGrad;
      for (auto& p : net->named_parameters()) p.value().normal_(0.0, 0.1);
    }
    net->eval();
    TurboCard card;
    card.bindDetector(detectorCard_);
    card.training.modelAgnostic = true;
    const std::string weights = (dir.path() + "/turbo_jde_tiny.pt").toStdString();
    TurboModelFile::save(net, card, weights);
    TurboModel model = TurboModelFile::load(weights, detector_);
    QVERIFY(model.card.architecture.ownEncoder);
    QVERIFY(model.card.training.modelAgnostic);
    QVERIFY(model.net->hasOwnEncoder());
    QVERIFY(sameTensors(*net, *model.net));
    QCOMPARE(model.net->effectiveExit(2), 5);
    QCOMPARE(model.net->effectiveExit(0), 0);
    torch::NoGradGuard noGrad;
    const torch::Tensor x = torch::randn({1, 3, 64, 96});
    const JdeEncoding encoding = detector_.net->encode(x);
    const std::vector<torch::Tensor> own = model.net->decoderLevels(encoding.levels);
    QVERIFY(torch::equal(own[0], encoding.levels[0]));
    QVERIFY(!torch::equal(own[5], encoding.levels[5]));  // its encoder's weights, not the detector's
    QVERIFY(torch::equal(net->enhance(net->decoderLevels(encoding.levels), 5), model.net->enhance(own, 5)));
    // The card's ownEncoder and the weights must agree: a plain architecture does not read these weights.
    editCard(TurboCard::cardPathFor(weights),
             [](nlohmann::ordered_json& json) { json["architecture"].erase("ownEncoder"); });
    const std::string sha = Digest::sha256OfFile(weights);
    editCard(TurboCard::cardPathFor(weights), [&](nlohmann::ordered_json& json) { json["weightsSha256"] = sha; });
    const std::string error = loadError(weights, detector_);
    QVERIFY2(error.find("does not match the architecture") != std::string::npos, error.c_str());
  }

  void saveRefusesFoldedNetAndUnboundCard() {
    QTemporaryDir dir;
    TurboNet net(detector_.net->levelChannels(), tinyTurbo());
    TurboCard unbound;
    const std::string weights = (dir.path() + "/t.pt").toStdString();
    QVERIFY_THROWS_EXCEPTION(Error, TurboModelFile::save(net, unbound, weights));
    TurboCard card;
    card.bindDetector(detectorCard_);
    card.gainProfile = GainProfile();  // maxExit 0: the card would not read back
    QVERIFY_THROWS_EXCEPTION(Error, TurboModelFile::save(net, card, weights));
    card.gainProfile.reset();
    net->foldBatchNorm();
    QVERIFY_THROWS_EXCEPTION(Error, TurboModelFile::save(net, card, weights));
    QVERIFY(!std::filesystem::exists(weights));
    QVERIFY(!std::filesystem::exists(dir.path().toStdString() + "/t.json"));
  }

  void weightsShaMismatch() {
    QTemporaryDir dir;
    const std::string cardPath = saveTurbo(dir.path());
    const std::string weights = (dir.path() + "/turbo_jde_tiny.pt").toStdString();
    std::string bytes = readText(weights);
    bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x5a);
    writeText(weights, bytes);
    const std::string error = loadError(cardPath, detector_);
    QVERIFY2(mentions(error, weights) && mentions(error, "sha256"), error.c_str());
  }

  void changedDetectorCardNamesBothFiles() {
    QTemporaryDir dir;
    const std::string detectorCard = (dir.path() + "/jde_tiny.json").toStdString();
    std::filesystem::copy_file(detectorCard_, detectorCard);
    std::filesystem::copy_file(detector_.weightsPath, (dir.path() + "/jde_tiny.pt").toStdString());
    const std::string cardPath = saveTurbo(dir.path());
    JdeModel detector = JdeModelFile::load(detectorCard);
    QCOMPARE(loadError(cardPath, detector), std::string());
    JdeModelCard changed = JdeModelCard::read(detectorCard);  // e.g. the detector was retrained in place
    changed.description = "retrained";
    changed.write(detectorCard);
    const std::string error = loadError(cardPath, detector);
    QVERIFY2(mentions(error, cardPath) && mentions(error, detectorCard) &&
                 mentions(error, Digest::sha256OfFile(detectorCard)) && !mentions(error, "edgescope::Error"),
             error.c_str());
  }

  void exitOrLevelMismatchWithTheDetector() {
    QTemporaryDir dir;
    const std::string cardPath = saveTurbo(dir.path());
    const std::string original = readText(cardPath);
    editCard(cardPath, [](auto& j) {  // a card for a 4-level backbone (consistent in itself)
      j["architecture"]["decoderChannels"].erase(4);
      j["exits"] = 4;
      j["levelChannels"].erase(5);
    });
    std::string error = loadError(cardPath, detector_);
    QVERIFY2(mentions(error, "exit-count mismatch") && mentions(error, cardPath), error.c_str());
    writeText(cardPath, original);
    editCard(cardPath, [](auto& j) { j["levelChannels"][2] = 9; });
    error = loadError(cardPath, detector_);
    QVERIFY2(mentions(error, "level-channel mismatch") && mentions(error, cardPath), error.c_str());
    writeText(cardPath, original);
    editCard(cardPath, [](auto& j) { j["architecture"]["discriminatorHidden"] = 16; });  // tensors of other shapes
    error = loadError(cardPath, detector_);
    QVERIFY2(mentions(error, "turbo_jde_tiny.pt") && mentions(error, "shape"), error.c_str());
    writeText(cardPath, original);
    QCOMPARE(loadError(cardPath, detector_), std::string());
  }

  void truncatedGarbageAndMissingFiles() {
    QTemporaryDir dir;
    const std::string cardPath = saveTurbo(dir.path());
    const std::string weights = (dir.path() + "/turbo_jde_tiny.pt").toStdString();
    const std::string bytes = readText(weights);
    writeText(weights, bytes.substr(0, bytes.size() / 2));
    const std::string sha = Digest::sha256OfFile(weights);  // the card agrees: the loader itself must refuse it
    editCard(cardPath, [&](auto& j) { j["weightsSha256"] = sha; });
    std::string error = loadError(weights, detector_);
    QVERIFY2(mentions(error, weights) && mentions(error, "corrupt") && !mentions(error, "edgescope::Error"),
             error.c_str());

    const std::string card = readText(cardPath);
    writeText(cardPath, card.substr(0, card.size() / 3));
    error = loadError(cardPath, detector_);
    QVERIFY2(error.rfind(cardPath, 0) == 0, error.c_str());
    writeText(cardPath, "\x89PNG garbage");
    error = loadError(weights, detector_);
    QVERIFY2(error.rfind(cardPath, 0) == 0, error.c_str());

    writeText(cardPath, card);
    std::filesystem::remove(weights);
    error = loadError(cardPath, detector_);
    QVERIFY2(mentions(error, weights) && mentions(error, "not found"), error.c_str());
    std::filesystem::remove(cardPath);
    error = loadError(weights, detector_);
    QVERIFY2(mentions(error, cardPath) && mentions(error, "not found"), error.c_str());
  }

 private:
  /// A Turbo enhancer for the tiny detector (random weights and BatchNorm statistics, so that every tensor counts),
  /// saved as @p folder/turbo_jde_tiny.pt; returns the card's path and the net in @p saved.
  std::string saveTurbo(const QString& folder, TurboNet* saved = nullptr) {
    torch::manual_seed(21);
    TurboNet net(detector_.net->levelChannels(), tinyTurbo());
    {  // away from the zero-initialised outputs and default BatchNorm statistics, so every tensor is checked
      torch::NoGradGuard noGrad;
      for (auto& p : net->named_parameters()) p.value().normal_(0.0, 0.5);
      for (auto& b : net->named_buffers())
        if (b.value().is_floating_point()) b.value().uniform_(0.5, 1.5);
    }
    net->eval();
    TurboCard card;
    card.name = "turbo_jde_tiny";
    card.bindDetector(detectorCard_);
    card.levelValues = detector_.net->levelValues();
    card.calibration = {1.5, -0.25};
    card.training.stageSteps = {1, 2, 3, 4};
    card.validation = {{"val.AP50.exit5", 0.25}};
    const std::string weights = (folder + "/turbo_jde_tiny.pt").toStdString();
    TurboModelFile::save(net, card, weights);
    if (saved) *saved = net;
    return TurboCard::cardPathFor(weights);
  }

  QTemporaryDir dir_;
  std::string detectorCard_;
  JdeModel detector_;
};

QTEST_GUILESS_MAIN(TestTurboModelFile)
#include "TestTurboModelFile.moc"
