// JdeModelFile, JdeModelCard and the `jde:` detector: save → load gives the same outputs, the card survives, every
// broken model (corrupt weights, another architecture, missing card/weights, wrong format, unsupported version) is an
// Error naming the file, and DetectorFactory creates a working ScalableDetector after NeuralDetectors::registerAll().
#include "NeuralTestUtil.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include "detect/DetectorFactory.h"
#include "detect/ScalableDetector.h"
#include "neural/NeuralDetectors.h"
#include "util/Error.h"
#include "util/Digest.h"

using namespace edgescope;
using namespace edgescope::neuraltest;

namespace {

std::string readText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

/// @p json re-indented with one member per line (as a person edits a card).
std::string nlohmannPretty(const std::string& json) { return nlohmann::ordered_json::parse(json).dump(2); }

void writeText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

void replaceOnce(std::string& text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  QVERIFY2(at != std::string::npos, from.c_str());
  text.replace(at, from.size(), to);
}

/// The Error message of load(@p path), or empty when it loaded.
std::string loadError(const std::string& path) {
  try {
    JdeModelFile::load(path);
  } catch (const Error& e) {
    return e.what();
  } catch (const std::exception& e) {
    return "not an edgescope::Error: " + firstLine(e.what()).toStdString();
  }
  return {};
}

/// Equal architectures, resolution scales compared to 1e-9 (see cardArchitectureIsExact for the exact comparison).
bool sameUpToRounding(const JdeNetConfig& a, const JdeNetConfig& b) {
  if (a.resolutionScales.size() != b.resolutionScales.size()) return false;
  for (std::size_t i = 0; i < a.resolutionScales.size(); ++i)
    if (std::fabs(a.resolutionScales[i] - b.resolutionScales[i]) > 1e-9) return false;
  JdeNetConfig c = b;
  c.resolutionScales = a.resolutionScales;
  return a == c;
}

JdeModelCard fullCard() {
  JdeModelCard card;
  card.name = "jde_test";
  card.description = "a card with \"quotes\", a tab\tand ünïcode";
  card.weightsFile = "jde_test.pt";
  card.weightsSha256 = std::string(64, 'a');
  card.architecture = tinyConfig();
  card.trainingCommand = "edgescope-cli train --data synthetic:?seed=3 --steps 6";
  card.earlierTrainingCommands = {"edgescope-cli train --data synthetic:?seed=3 --steps 3"};
  card.trainingData = {"synthetic:?seed=3&frames=4", "vtest.avi,gt=gt.txt,every=2"};
  card.validationData = {"mot:../shared/data/val"};
  card.trainingSteps = 3000;
  card.batchSize = 8;
  card.seed = 1234567;
  card.trainedOn = "LibTorch 1.13.1, cpu, 2 threads";
  card.trainingSeconds = 123.5;
  card.createdUtc = "2024-05-01T12:00:00Z";
  card.metrics = {{"val.MOTA", 0.5}, {"val.IDF1", 0.625}, {"loss.final", 1.25}};
  return card;
}

}  // namespace

class TestJdeModelFile : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() {
    torch::set_num_threads(1);
    NeuralDetectors::registerAll();
  }

  void saveLoadRoundTrip() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    torch::manual_seed(11);
    JdeNet net(tinyConfig());
    // Move the BatchNorm running statistics away from their defaults so that buffers are checked too.
    net->train();
    {
      torch::NoGradGuard noGrad;
      for (int i = 0; i < 3; ++i) net->forward(torch::randn({2, 3, 64, 64}) * 2 + 0.5);
    }
    net->eval();
    JdeModelCard card = fullCard();
    card.weightsFile.clear();
    card.weightsSha256.clear();
    card.architecture = JdeNetConfig{};  // save() records the network's own architecture
    const std::string weights = dir.path().toStdString() + "/sub/model.pt";
    JdeModelFile::save(net, card, weights);
    QVERIFY(std::filesystem::exists(weights));
    const std::string cardPath = dir.path().toStdString() + "/sub/model.json";
    QVERIFY(std::filesystem::exists(cardPath));
    QVERIFY(!std::filesystem::exists(weights + ".tmp"));

    for (const std::string& path : {cardPath, weights}) {  // either file names the model
      JdeModel model = JdeModelFile::load(path);
      QCOMPARE(model.cardPath, cardPath);
      QCOMPARE(std::filesystem::path(model.weightsPath), std::filesystem::path(weights));
      QCOMPARE(model.card.weightsFile, std::string("model.pt"));
      QCOMPARE(model.card.weightsSha256, Digest::sha256OfFile(weights));
      QVERIFY(sameUpToRounding(model.card.architecture, tinyConfig()));  // exactness: cardArchitectureIsExact
      QCOMPARE(model.card.name, card.name);
      QCOMPARE(model.card.trainingData, card.trainingData);
      QVERIFY(!model.net->is_training());
      torch::NoGradGuard noGrad;
      torch::manual_seed(99);
      const torch::Tensor fixed = torch::randn({1, 3, 96, 64});
      const JdeNetOutput a = net->forward(fixed), b = model.net->forward(fixed);
      QVERIFY(torch::allclose(a.heatmapLogits, b.heatmapLogits));
      QVERIFY(torch::allclose(a.size, b.size));
      QVERIFY(torch::allclose(a.offset, b.offset));
      QVERIFY(torch::allclose(a.reidHidden, b.reidHidden));
      QVERIFY(torch::allclose(a.detectabilityLogits, b.detectabilityLogits));
      const torch::Tensor hidden = a.reidHidden[0].flatten(1).t();
      QVERIFY(torch::allclose(net->embed(hidden), model.net->embed(hidden)));
    }
  }

  void cardJsonRoundTrip() {
    const JdeModelCard card = fullCard();
    const JdeModelCard back = JdeModelCard::fromJson(card.toJson(), "card.json");
    QCOMPARE(back.name, card.name);
    QCOMPARE(back.description, card.description);
    QCOMPARE(back.weightsFile, card.weightsFile);
    QCOMPARE(back.weightsSha256, card.weightsSha256);
    QVERIFY(sameUpToRounding(back.architecture, card.architecture));
    QCOMPARE(back.trainingCommand, card.trainingCommand);
    QVERIFY(back.earlierTrainingCommands == card.earlierTrainingCommands);
    QCOMPARE(back.trainingData, card.trainingData);
    QCOMPARE(back.validationData, card.validationData);
    QCOMPARE(back.trainingSteps, card.trainingSteps);
    QCOMPARE(back.batchSize, card.batchSize);
    QCOMPARE(back.seed, card.seed);
    QCOMPARE(back.trainedOn, card.trainedOn);
    QCOMPARE(back.trainingSeconds, card.trainingSeconds);
    QCOMPARE(back.createdUtc, card.createdUtc);
    QCOMPARE(back.metrics, card.metrics);
    // The card is the JSON the console lists: format tag and version are in it.
    QVERIFY(mentions(card.toJson(), "\"format\""));
    QVERIFY(mentions(card.toJson(), JdeModelCard::kFormat));
  }

  void cardArchitectureIsExact() {
    // A saved model's card must describe exactly the network that was saved (operator== compares doubles exactly);
    // the default resolutionScales (864/1088, …) need 17 significant digits to survive the JSON text.
    const JdeModelCard card = fullCard();
    const JdeModelCard back = JdeModelCard::fromJson(card.toJson(), "card.json");
    for (std::size_t i = 0; i < card.architecture.resolutionScales.size(); ++i)
      QVERIFY2(back.architecture.resolutionScales[i] == card.architecture.resolutionScales[i],
               qPrintable(QString("resolutionScales[%1]: %2 came back as %3")
                              .arg(i)
                              .arg(card.architecture.resolutionScales[i], 0, 'g', 17)
                              .arg(back.architecture.resolutionScales[i], 0, 'g', 17)));
    QVERIFY(back.architecture == card.architecture);
  }

  void cardErrorsNameFileLineColumnAndField() {
    // Pretty-printed as a person would edit it: one field per line.
    std::string text = nlohmannPretty(fullCard().toJson());
    std::string wrongType = text;
    replaceOnce(wrongType, "\"embeddingDim\": 16", "\"embeddingDim\": \"64\"");
    std::string duplicate = text;
    replaceOnce(duplicate, "\"name\": \"jde_test\",", "\"name\": \"jde_test\",\n  \"name\": \"again\",");
    std::string invalid = text;
    replaceOnce(invalid, "\"embeddingDim\": 16", "\"embeddingDim\": 4");
    const auto lineOf = [](const std::string& body, const std::string& needle) {
      const std::string head = body.substr(0, body.find(needle));
      return std::to_string(1 + std::count(head.begin(), head.end(), '\n'));
    };
    const auto errorOfCard = [](const std::string& body) -> std::string {
      try {
        JdeModelCard::fromJson(body, "card.json");
      } catch (const Error& e) {
        return e.what();
      }
      return "no error";
    };
    const std::string typeError = errorOfCard(wrongType);
    QVERIFY2(typeError.rfind("card.json:" + lineOf(wrongType, "\"embeddingDim\"") + ":", 0) == 0 &&
                 mentions(typeError, "$.architecture.embeddingDim: expected integer, got string"),
             typeError.c_str());
    const std::string duplicateError = errorOfCard(duplicate);
    QVERIFY2(duplicateError.rfind("card.json:" + lineOf(duplicate, "\"again\"") + ":3: duplicate key \"name\"", 0) == 0,
             duplicateError.c_str());
    const std::string rangeError = errorOfCard(invalid);
    QVERIFY2(mentions(rangeError, "card.json:") && mentions(rangeError, "$.architecture") &&
                 mentions(rangeError, "embeddingDim"),
             rangeError.c_str());
  }

  void cardLargeSeed() {
    // `edgescope-cli train --seed N` accepts any N up to INT64_MAX; the card must read back what it wrote.
    QStringList problems;
    for (std::uint64_t seed : {std::uint64_t{1} << 40, (std::uint64_t{1} << 53) + 1, std::uint64_t{INT64_MAX}}) {
      JdeModelCard card = fullCard();
      card.seed = seed;
      try {
        const std::uint64_t back = JdeModelCard::fromJson(card.toJson(), "card.json").seed;
        if (back != seed) problems << QString("seed %1 came back as %2").arg(seed).arg(back);
      } catch (const Error& e) {
        problems << QString("seed %1: %2").arg(seed).arg(e.what());
      }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join("; ")));
  }

  void cardWriteRead() {
    QTemporaryDir dir;
    const std::string path = dir.path().toStdString() + "/c.json";
    fullCard().write(path);
    QCOMPARE(JdeModelCard::read(path).name, std::string("jde_test"));
    QVERIFY(NeuralDetectors::isJdeModel(path));
    QVERIFY(!NeuralDetectors::isJdeModel(dir.path().toStdString() + "/missing.json"));
    QCOMPARE(NeuralDetectors::findModel({dir.path().toStdString()}), path);
    // A folder's DEFAULT_MODEL names its default card; one naming a missing or invalid card is ignored.
    const std::string second = dir.path().toStdString() + "/z.json";
    fullCard().write(second);
    const std::string marker = dir.path().toStdString() + "/" + NeuralDetectors::kDefaultModelFile;
    std::ofstream(marker) << "z.json\n";
    QCOMPARE(NeuralDetectors::findModel({dir.path().toStdString()}), second);
    std::ofstream(marker, std::ios::trunc) << "gone.json\n";
    QCOMPARE(NeuralDetectors::findModel({dir.path().toStdString()}), path);
    QCOMPARE(JdeModelCard::cardPathFor("/a/b.c/model.pt"), std::string("/a/b.c/model.json"));
    QCOMPARE(JdeModelCard::cardPathFor("/a/b.c/model"), std::string("/a/b.c/model.json"));
  }

  void corruptWeightsNameSha256AndPath() {
    QTemporaryDir dir;
    const std::string cardPath = saveTinyModel(dir.path());
    const std::string weights = dir.path().toStdString() + "/tiny.pt";
    std::string bytes = readText(weights);
    QVERIFY(bytes.size() > 100);
    for (std::size_t i = bytes.size() / 2; i < bytes.size() / 2 + 8; ++i) bytes[i] = static_cast<char>(~bytes[i]);
    writeText(weights, bytes);
    const std::string error = loadError(cardPath);
    QVERIFY2(mentions(error, "sha256"), error.c_str());
    QVERIFY2(mentions(error, weights), error.c_str());
    // Truncated weights: the same.
    writeText(weights, bytes.substr(0, bytes.size() / 3));
    QVERIFY2(mentions(loadError(cardPath), "sha256"), loadError(cardPath).c_str());
  }

  void weightsOfAnotherArchitecture() {
    QTemporaryDir dir;
    const std::string cardPath = saveTinyModel(dir.path(), "a");
    JdeNetConfig wider = tinyConfig();
    wider.stageChannels = {8, 16, 16, 32, 32};  // same module names, other shapes
    wider.neckChannels = 16;
    saveTinyModel(dir.path(), "b", 3, wider);
    const std::string weightsA = dir.path().toStdString() + "/a.pt", weightsB = dir.path().toStdString() + "/b.pt";
    std::filesystem::copy_file(weightsB, weightsA, std::filesystem::copy_options::overwrite_existing);
    // The card's sha256 no longer matches.
    std::string error = loadError(cardPath);
    QVERIFY2(mentions(error, "sha256") && mentions(error, weightsA), error.c_str());
    // Even with the card's sha256 updated, the weights do not fit its architecture.
    JdeModelCard card = JdeModelCard::read(cardPath);
    card.weightsSha256 = Digest::sha256OfFile(weightsA);
    card.write(cardPath);
    error = loadError(cardPath);
    QVERIFY2(!error.empty(), "weights of a wider network loaded into the tiny architecture without an error");
    QVERIFY2(mentions(error, weightsA) || mentions(error, cardPath), error.c_str());
  }

  void weightsWithMissingTensors() {
    // A valid LibTorch archive (sha256 in the card updated) that lacks the network's tensors.
    QTemporaryDir dir;
    const std::string cardPath = saveTinyModel(dir.path(), "a");
    const std::string weights = dir.path().toStdString() + "/a.pt";
    torch::serialize::OutputArchive archive;
    archive.write("unrelated", torch::ones({3}));
    archive.save_to(weights);
    JdeModelCard card = JdeModelCard::read(cardPath);
    card.weightsSha256 = Digest::sha256OfFile(weights);
    card.write(cardPath);
    const std::string error = loadError(cardPath);
    QVERIFY2(mentions(error, weights) && mentions(error, "architecture"), error.c_str());
  }

  void weightsWithOtherDetectabilityCount() {
    // R = 3 weights under an R = 5 card (same module names, the detectability head's last layer has other shapes):
    // the detector would report resolutionCount() 5 but deliver 3 maps, so DeepScale could never select.
    QTemporaryDir dir;
    const std::string cardPath = saveTinyModel(dir.path(), "a");
    JdeNetConfig other = tinyConfig();
    other.detectabilityChannels = 3;
    other.resolutionScales = {1.0, 0.75, 0.5};
    saveTinyModel(dir.path(), "b", 3, other);
    const std::string weightsA = dir.path().toStdString() + "/a.pt";
    std::filesystem::copy_file(dir.path().toStdString() + "/b.pt", weightsA,
                               std::filesystem::copy_options::overwrite_existing);
    JdeModelCard card = JdeModelCard::read(cardPath);
    card.weightsSha256 = Digest::sha256OfFile(weightsA);
    card.write(cardPath);
    const std::string error = loadError(cardPath);
    QVERIFY2(!error.empty(), "weights with R = 3 loaded into an R = 5 architecture without an error");
  }

  void saveToUnwritablePath() {
    JdeNet net(tinyConfig());
    for (const std::string& path : {std::string("/proc/edgescope-test/model.pt"), std::string("/proc/model.pt")}) {
      try {
        JdeModelFile::save(net, JdeModelCard{}, path);
        QFAIL(("saved to " + path).c_str());
      } catch (const Error& e) {
        QVERIFY2(mentions(e.what(), "/proc/"), e.what());
      } catch (const std::exception& e) {
        QFAIL(qPrintable(QString("not an edgescope::Error: ") + firstLine(e.what())));
      }
    }
  }

  void foldedNetworkIsNotSaved() {
    QTemporaryDir dir;
    const std::string path = dir.path().toStdString() + "/folded.pt";
    JdeNet net(tinyConfig());
    net->foldBatchNorm();
    try {
      JdeModelFile::save(net, JdeModelCard{}, path);
      QFAIL("a folded network was saved");
    } catch (const Error& e) {
      QVERIFY2(mentions(e.what(), path) && mentions(e.what(), "folded"), e.what());
    }
    QVERIFY(!std::filesystem::exists(path));
  }

  void brokenModelsNameTheFile() {
    QTemporaryDir dir;
    const std::string folder = dir.path().toStdString();
    // Missing card.
    std::string error = loadError(folder + "/nothing.json");
    QVERIFY2(mentions(error, folder + "/nothing.json"), error.c_str());
    error = loadError(folder + "/nothing.pt");
    QVERIFY2(mentions(error, folder + "/nothing.json"), error.c_str());
    // Missing weights.
    const std::string cardPath = saveTinyModel(dir.path(), "m");
    std::filesystem::remove(folder + "/m.pt");
    error = loadError(cardPath);
    QVERIFY2(mentions(error, folder + "/m.pt"), error.c_str());
    // Wrong format tag.
    saveTinyModel(dir.path(), "m");
    const std::string good = readText(cardPath);
    std::string text = good;
    replaceOnce(text, "\"edgescope-jde\"", "\"something-else\"");
    writeText(cardPath, text);
    error = loadError(cardPath);
    QVERIFY2(mentions(error, cardPath) && mentions(error, "format"), error.c_str());
    // Unsupported version.
    text = good;
    replaceOnce(text, "\"version\":1", "\"version\":2");
    writeText(cardPath, text);
    error = loadError(cardPath);
    QVERIFY2(mentions(error, cardPath) && mentions(error, "version"), error.c_str());
    // Not JSON at all.
    writeText(cardPath, "{\"format\": \"edgescope-jde\", ");
    error = loadError(cardPath);
    QVERIFY2(mentions(error, cardPath), error.c_str());
    // An invalid architecture in the card.
    text = good;
    replaceOnce(text, "\"embeddingDim\":16", "\"embeddingDim\":2");
    writeText(cardPath, text);
    error = loadError(cardPath);
    QVERIFY2(mentions(error, cardPath) && mentions(error, "embeddingDim"), error.c_str());
    // The good card loads again.
    writeText(cardPath, good);
    QVERIFY(loadError(cardPath).empty());
  }

  void detectorFromFactory() {
    QTemporaryDir dir;
    const std::string cardPath = saveTinyModel(dir.path(), "tiny_det");
    std::unique_ptr<Detector> detector = DetectorFactory::create("jde:" + cardPath + "?device=cpu&threads=1");
    QVERIFY(detector);
    auto* scalable = dynamic_cast<ScalableDetector*>(detector.get());
    QVERIFY2(scalable, "jde: must be a ScalableDetector");
    QVERIFY(scalable->providesEmbeddings());
    QCOMPARE(detector->name(), std::string("jde:tiny_det"));
    QCOMPARE(scalable->resolutionCount(), 5);
    QVERIFY(detector->inputSize().empty());

    const cv::Mat blank(64, 96, CV_8UC3, cv::Scalar(0, 0, 0));
    const std::vector<Detection> detections = detector->detect(blank);
    QVERIFY(scalable->detectability().empty());  // not requested
    for (const Detection& d : detections) {
      QCOMPARE(static_cast<int>(d.embedding.size()), tinyConfig().embeddingDim);
      QVERIFY(d.box.x >= 0 && d.box.y >= 0 && d.box.right() <= 96.01f && d.box.bottom() <= 64.01f);
      QVERIFY(d.score >= 0.1f && d.score <= 1.0f);
    }
    QVERIFY(std::is_sorted(detections.begin(), detections.end(),
                           [](const Detection& a, const Detection& b) { return a.score > b.score; }));

    QVERIFY_THROWS_EXCEPTION(Error, scalable->setInputSize({50, 50}));
    scalable->setInputSize({64, 32});
    QCOMPARE(detector->inputSize(), cv::Size(64, 32));
    scalable->setDetectabilityRequested(true);
    detector->detect(blank);
    QCOMPARE(static_cast<int>(scalable->detectability().size()), 5);
    for (const cv::Mat& map : scalable->detectability()) {
      QCOMPARE(map.type(), CV_32F);
      QCOMPARE(map.size(), cv::Size(16, 8));  // the input's stride-4 grid
      double low = 0, high = 0;
      cv::minMaxLoc(map, &low, &high);
      QVERIFY(low >= 0 && high <= 1);
    }
    scalable->setDetectabilityRequested(false);
    detector->detect(blank);
    QVERIFY(scalable->detectability().empty());
    // Grey and BGRA frames are converted; an empty frame gives nothing.
    detector->detect(cv::Mat(64, 96, CV_8UC1, cv::Scalar(128)));
    detector->detect(cv::Mat(64, 96, CV_8UC4, cv::Scalar(1, 2, 3, 4)));
    QVERIFY(detector->detect(cv::Mat()).empty());
    // Back to "the frame's own size": an odd frame is rounded to multiples of 32.
    scalable->setInputSize({});
    detector->detect(cv::Mat(50, 70, CV_8UC3, cv::Scalar(20, 40, 60)));
  }

  void detectorSpecOptions() {
    QTemporaryDir dir;
    const std::string cardPath = saveTinyModel(dir.path(), "opts");
    const std::string weights = dir.path().toStdString() + "/opts.pt";
    QCOMPARE(DetectorFactory::create("jde:" + weights + "?size=96x64&device=cpu")->inputSize(), cv::Size(96, 64));
    QStringList accepted;
    for (const std::string& bad :
         {"jde:" + cardPath + "?size=50x50", "jde:" + cardPath + "?size=big", "jde:" + cardPath + "?size=-64x64",
          "jde:" + cardPath + "?size=0x32", "jde:" + cardPath + "?bogus=1", "jde:" + cardPath + "?conf=2",
          "jde:" + cardPath + "?device=tpu", std::string("jde:")}) {
      try {
        DetectorFactory::create(bad);
        accepted << QString::fromStdString(bad);
      } catch (const Error& e) {
        QVERIFY(std::string(e.what()).size() > 0);
      }
    }
    QVERIFY2(accepted.isEmpty(), qPrintable("accepted: " + accepted.join(", ")));
  }

  void detectorMissingModel() {
    QTemporaryDir dir;
    const std::string missing = dir.path().toStdString() + "/missing.json";
    try {
      DetectorFactory::create("jde:" + missing);
      QFAIL("created a detector from a missing model");
    } catch (const Error& e) {
      QVERIFY2(mentions(e.what(), missing), e.what());
    }
  }
};

QTEST_APPLESS_MAIN(TestJdeModelFile)
#include "TestJdeModelFile.moc"
