// TurboCard (issue 21, paper 004): every field survives toJson → fromJson and write → read, a card without the
// optional profiles (or with only the required fields) reads with the documented defaults, each malformed field is an
// Error naming the file and the field's JSON path, and requireDetector names both files when the detector card's
// sha256 differs from the one the enhancer was trained for.
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>
#include <functional>

#include <nlohmann/json.hpp>
#include "turbo/TurboCard.h"

#include "util/Digest.h"
#include "util/Error.h"

using namespace edgescope;

namespace {

using Mutation = std::function<void(nlohmann::ordered_json&)>;

GainProfile gainProfile(int maxExit) {
  std::vector<std::vector<double>> gains(GainProfile::kBucketCount);
  for (int b = 0; b < GainProfile::kBucketCount; ++b)
    for (int e = 0; e <= maxExit; ++e) gains[b].push_back(e == 0 ? 0.0 : 0.25 * b * e + 0.125);
  return GainProfile(gains);
}

LatencyProfile latencyProfile(const std::string& device, int maxExit) {
  std::vector<std::vector<double>> rung;
  for (int e = 0; e <= maxExit; ++e) rung.push_back({10.0 + e, 18.5 + 2 * e});
  return LatencyProfile(device, 4, "feedbeef", 0.75, {rung, rung});
}

/// Every field away from its default.
TurboCard fullCard() {
  TurboCard card;
  card.name = "turbo_jde_test";
  card.description = "an enhancer with \"quotes\", a tab\tand ünïcode";
  card.weightsFile = "turbo_jde_test.pt";
  card.weightsSha256 = std::string(64, 'a');
  card.detectorCard = "jde_test.json";
  card.detectorSha256 = std::string(64, 'b');
  card.architecture.decoderChannels = {12, 10, 8, 6, 4};
  card.architecture.discriminatorChannels = 6;
  card.architecture.discriminatorHidden = 10;
  card.architecture.imageScale = 1.0 / 0.2789;  // needs 17 digits
  card.levelValues = {"images", "/stem/Relu", "/s1/Relu", "/s2/Relu", "/s3/Relu", "/s4/Relu"};
  card.levelChannels = {3, 8, 8, 16, 24, 32};
  card.exits = 5;
  card.hardThreshold = 0.35;
  card.calibration = {1.75, -0.3};
  card.training.command = "edgescope-cli turbo train --detector jde_test.pt";
  card.training.data = {"bdd:../shared/data/bdd100k"};
  card.training.targetData = {"vtest.avi"};
  card.training.validationData = {"mot:../shared/data/val"};
  card.training.stageSteps = {100, 2000, 3000, 400};
  card.training.seed = (std::uint64_t{1} << 60) + 3;  // beyond 2^53: written as a string
  card.training.device = "LibTorch 2.3.0, cuda, NVIDIA H100";
  card.training.seconds = 3600.5;
  card.training.created = "2024-06-01T12:00:00Z";
  card.training.notes = {"BatchNorm frozen in stage 3."};
  card.training.modelAgnostic = true;
  card.training.noAdversarial = true;
  card.training.noInstance = true;
  card.validation = {{"val.AP50.plain", 0.5}, {"val.AP50.exit5", 0.5625}};
  card.gainProfile = gainProfile(5);
  card.latencyProfiles = {latencyProfile("cpu", 5), latencyProfile("cuda:0", 5)};
  return card;
}

std::string errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  } catch (const std::exception& e) {
    return std::string("not an edgescope::Error: ") + e.what();
  }
  return {};
}

/// fromJson's error for the full card pretty-printed (one field per line) after @p mutate.
std::string errorAfter(const Mutation& mutate) {
  nlohmann::ordered_json json = nlohmann::ordered_json::parse(fullCard().toJson());
  mutate(json);
  return errorOf([&] { TurboCard::fromJson(json.dump(2), "turbo_x.json"); });
}

bool mentions(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

void writeText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

void compareCards(const TurboCard& back, const TurboCard& card) {
  QCOMPARE(back.name, card.name);
  QCOMPARE(back.description, card.description);
  QCOMPARE(back.weightsFile, card.weightsFile);
  QCOMPARE(back.weightsSha256, card.weightsSha256);
  QCOMPARE(back.detectorCard, card.detectorCard);
  QCOMPARE(back.detectorSha256, card.detectorSha256);
  QVERIFY(back.architecture == card.architecture);  // exact, imageScale included
  QVERIFY(back.levelValues == card.levelValues);
  QVERIFY(back.levelChannels == card.levelChannels);
  QCOMPARE(back.exits, card.exits);
  QCOMPARE(back.hardThreshold, card.hardThreshold);
  QCOMPARE(back.calibration.a, card.calibration.a);
  QCOMPARE(back.calibration.b, card.calibration.b);
  const TurboCard::Training &t = back.training, &u = card.training;
  QCOMPARE(t.command, u.command);
  QVERIFY(t.data == u.data);
  QVERIFY(t.targetData == u.targetData);
  QVERIFY(t.validationData == u.validationData);
  QVERIFY(t.stageSteps == u.stageSteps);
  QCOMPARE(t.seed, u.seed);
  QCOMPARE(t.device, u.device);
  QCOMPARE(t.seconds, u.seconds);
  QCOMPARE(t.created, u.created);
  QVERIFY(t.notes == u.notes);
  QCOMPARE(t.modelAgnostic, u.modelAgnostic);
  QCOMPARE(t.noAdversarial, u.noAdversarial);
  QCOMPARE(t.noInstance, u.noInstance);
  QVERIFY(back.validation == card.validation);
  QCOMPARE(back.gainProfile.has_value(), card.gainProfile.has_value());
  if (card.gainProfile) QVERIFY(back.gainProfile->table() == card.gainProfile->table());
  QCOMPARE(back.latencyProfiles.size(), card.latencyProfiles.size());
  for (std::size_t i = 0; i < card.latencyProfiles.size(); ++i) {
    QCOMPARE(back.latencyProfiles[i].key(), card.latencyProfiles[i].key());
    QCOMPARE(back.latencyProfiles[i].discriminatorMs(), card.latencyProfiles[i].discriminatorMs());
    QCOMPARE(back.latencyProfiles[i].profiledMs(1, 5, 2), card.latencyProfiles[i].profiledMs(1, 5, 2));
  }
  QCOMPARE(back.toJson(), card.toJson());
}

}  // namespace

class TestTurboCard : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void jsonRoundTripKeepsEveryField() {
    const TurboCard card = fullCard();
    const std::string text = card.toJson();
    QVERIFY(mentions(text, "\"format\":\"edgescope-turbo\""));
    QVERIFY(mentions(text, "\"seed\":\"1152921504606846979\""));
    compareCards(TurboCard::fromJson(text, "turbo_x.json"), card);
  }

  void fileRoundTripAndCardPath() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = dir.path().toStdString() + "/turbo_x.json";
    fullCard().write(path);
    compareCards(TurboCard::read(path), fullCard());
    const std::string missing = dir.path().toStdString() + "/none.json";
    QVERIFY(mentions(errorOf([&] { TurboCard::read(missing); }), missing));
    QVERIFY(mentions(errorOf([&] { fullCard().write(dir.path().toStdString() + "/no/such/dir/x.json"); }),
                     "/no/such/dir/x.json"));
    QCOMPARE(TurboCard::cardPathFor("models/turbo_x.pt"), std::string("models/turbo_x.json"));
    QCOMPARE(TurboCard::cardPathFor("models/turbo_x.json"), std::string("models/turbo_x.json"));
    QCOMPARE(TurboCard::cardPathFor("models.v2/turbo_x"), std::string("models.v2/turbo_x.json"));
  }

  void optionalFieldsMayBeMissing() {
    TurboCard card = fullCard();
    card.gainProfile.reset();
    card.latencyProfiles.clear();
    const std::string text = card.toJson();
    QVERIFY(!mentions(text, "gainProfile"));
    QVERIFY(!mentions(text, "latencyProfiles"));
    compareCards(TurboCard::fromJson(text, "turbo_x.json"), card);

    // Only the required fields: defaults everywhere else.
    const std::string minimal = R"({"format": "edgescope-turbo", "version": 1, "weightsFile": "t.pt",
      "weightsSha256": "aa", "detectorCard": "d.json", "detectorSha256": "bb",
      "architecture": {"decoderChannels": [4, 4], "discriminatorChannels": 4, "discriminatorHidden": 8,
                       "imageScale": 2.5},
      "levelChannels": [3, 8, 16], "exits": 2})";
    const TurboCard back = TurboCard::fromJson(minimal, "t.json");
    QCOMPARE(back.exits, 2);
    QCOMPARE(back.hardThreshold, 0.4);
    QCOMPARE(back.calibration.a, 1.0);
    QCOMPARE(back.calibration.b, 0.0);
    QVERIFY(back.levelValues.empty());
    QVERIFY(!back.gainProfile.has_value());
    QVERIFY(back.latencyProfiles.empty());
    QVERIFY(back.validation.empty());
    QCOMPARE(back.training.seed, std::uint64_t{0});
    QVERIFY(!back.training.modelAgnostic);
  }

  void malformedFieldsNameTheField() {
    struct Case {
      const char* field;  ///< expected in the message
      Mutation mutate;
    };
    const std::vector<Case> cases = {
        {"$.version", [](auto& j) { j["version"] = 2; }},
        {"missing key 'weightsSha256'", [](auto& j) { j.erase("weightsSha256"); }},
        {"$.detectorSha256", [](auto& j) { j["detectorSha256"] = 5; }},
        {"$.architecture.decoderChannels[1]", [](auto& j) { j["architecture"]["decoderChannels"][1] = "8"; }},
        {"$.architecture.decoderChannels[2]", [](auto& j) { j["architecture"]["decoderChannels"][2] = 0; }},
        {"$.architecture.discriminatorHidden", [](auto& j) { j["architecture"]["discriminatorHidden"] = 1; }},
        {"$.architecture.imageScale", [](auto& j) { j["architecture"]["imageScale"] = -1.0; }},
        {"$.exits", [](auto& j) { j["exits"] = 4; }},
        {"$.levelChannels", [](auto& j) { j["levelChannels"][0] = 4; }},
        {"$.levelChannels", [](auto& j) { j["levelChannels"].erase(5); }},
        {"$.levelValues", [](auto& j) { j["levelValues"].erase(0); }},
        {"$.hardThreshold", [](auto& j) { j["hardThreshold"] = 1.5; }},
        {"$.calibration.a", [](auto& j) { j["calibration"]["a"] = "steep"; }},
        {"$.calibration: missing key 'b'", [](auto& j) { j["calibration"].erase("b"); }},
        {"$.training.stageSteps", [](auto& j) { j["training"]["stageSteps"].erase(3); }},
        {"$.training.stageSteps[1]", [](auto& j) { j["training"]["stageSteps"][1] = -5; }},
        {"$.training.seed", [](auto& j) { j["training"]["seed"] = "-3"; }},
        {"$.training.seed", [](auto& j) { j["training"]["seed"] = "12abc"; }},
        {"$.training.noInstance", [](auto& j) { j["training"]["noInstance"] = 1; }},
        {"$.training.targetData[0]", [](auto& j) { j["training"]["targetData"][0] = 7; }},
        {"$.validation", [](auto& j) { j["validation"]["val.AP50.plain"] = "high"; }},
        {"$.gainProfile.gains[3]", [](auto& j) { j["gainProfile"]["gains"][3].erase(1); }},
        {"$.gainProfile.maxExit", [](auto& j) { j["gainProfile"] = gainProfile(3).toJson(); }},
        {"$.latencyProfiles[1].threads", [](auto& j) { j["latencyProfiles"][1]["threads"] = 0; }},
        {"$.latencyProfiles[1]", [](auto& j) { j["latencyProfiles"][1] = j["latencyProfiles"][0]; }},
        {"$.latencyProfiles[0].timesMs", [](auto& j) { j["latencyProfiles"][0] = latencyProfile("cpu", 4).toJson(); }},
        {"$.latencyProfiles", [](auto& j) { j["latencyProfiles"] = "none"; }},
    };
    for (const Case& c : cases) {
      const std::string error = errorAfter(c.mutate);
      QVERIFY2(mentions(error, c.field) && error.rfind("turbo_x.json:", 0) == 0 && !mentions(error, "edgescope::Error"),
               (std::string(c.field) + " → " + error).c_str());
    }
    // The format tag and text that is not JSON name the file.
    const std::string format = errorAfter([](auto& j) { j["format"] = "edgescope-jde"; });
    QVERIFY2(mentions(format, "turbo_x.json") && mentions(format, "format"), format.c_str());
    const std::string garbage = errorOf([] { TurboCard::fromJson("{\"format\": \"edgescope-turbo\", ", "g.json"); });
    QVERIFY2(garbage.rfind("g.json", 0) == 0, garbage.c_str());
    const std::string array = errorOf([] { TurboCard::fromJson("[1, 2]", "a.json"); });
    QVERIFY2(array.rfind("a.json", 0) == 0 && !mentions(array, "edgescope::Error"), array.c_str());
  }

  void requireDetectorNamesBothFiles() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string detector = dir.path().toStdString() + "/jde_test.json";
    writeText(detector, "{\"format\": \"edgescope-jde\", \"version\": 1}\n");
    TurboCard card = fullCard();
    card.bindDetector(detector);
    QCOMPARE(card.detectorCard, std::string("jde_test.json"));
    QCOMPARE(card.detectorSha256, Digest::sha256OfFile(detector));
    const std::string turbo = dir.path().toStdString() + "/turbo_jde_test.json";
    QCOMPARE(errorOf([&] { TurboCard::requireDetector(card, turbo, detector); }), std::string());

    const std::string expected = card.detectorSha256;
    writeText(detector, "{\"format\": \"edgescope-jde\", \"version\": 1} \n");  // one byte more
    const std::string error = errorOf([&] { TurboCard::requireDetector(card, turbo, detector); });
    QVERIFY2(mentions(error, turbo) && mentions(error, detector) && mentions(error, expected) &&
                 mentions(error, Digest::sha256OfFile(detector)) && !mentions(error, "edgescope::Error"),
             error.c_str());

    const std::string missing = dir.path().toStdString() + "/gone.json";
    const std::string gone = errorOf([&] { TurboCard::requireDetector(card, turbo, missing); });
    QVERIFY2(mentions(gone, turbo) && mentions(gone, missing) && !mentions(gone, "edgescope::Error"), gone.c_str());
  }

  void calibrationAndProfileLookup() {
    const TurboCard card = fullCard();
    QCOMPARE(card.calibration.probabilityEasy(0.3 / 1.75), 0.5);
    QVERIFY(std::fabs(card.calibration.probabilityEasy(1.0) - 1.0 / (1.0 + std::exp(-1.45))) < 1e-12);
    QVERIFY(card.calibration.probabilityEasy(2.0) > card.calibration.probabilityEasy(1.0));
    QCOMPARE(TurboCard::Calibration{}.probabilityEasy(0.0), 0.5);
    const LatencyProfile* cuda = card.latencyProfileFor(LatencyProfile::makeKey("cuda:0", 4, "feedbeef"));
    QVERIFY(cuda != nullptr);
    QCOMPARE(cuda->device(), std::string("cuda:0"));
    QVERIFY(card.latencyProfileFor(LatencyProfile::makeKey("cuda:0", 8, "feedbeef")) == nullptr);
  }
};

QTEST_GUILESS_MAIN(TestTurboCard)
#include "TestTurboCard.moc"
