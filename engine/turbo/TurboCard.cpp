#include "turbo/TurboCard.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "util/Digest.h"
#include "util/Error.h"
#include "util/JsonNode.h"

namespace edgescope {
namespace {

std::vector<std::string> readStrings(const JsonNode& object, const std::string& key) {
  std::vector<std::string> out;
  if (const auto array = object.find(key)) {
    if (!array->isArray()) throw Error(array->location() + ": expected an array of strings, got " + array->typeName());
    for (std::size_t i = 0; i < array->size(); ++i) out.push_back(array->at(i).asString());
  }
  return out;
}

/// A non-empty array of integers ≥ @p minimum.
std::vector<int> readInts(const JsonNode& array, int minimum) {
  if (!array.isArray() || array.size() == 0)
    throw Error(array.location() + ": expected a non-empty array of integers, got " + array.typeName());
  std::vector<int> out;
  for (std::size_t i = 0; i < array.size(); ++i) {
    const JsonNode value = array.at(i);
    out.push_back(value.asInt());
    if (out.back() < minimum) throw Error(value.location() + ": must be >= " + std::to_string(minimum));
  }
  return out;
}

int readInt(const JsonNode& value, int minimum) {
  const int out = value.asInt();
  if (out < minimum) throw Error(value.location() + ": must be >= " + std::to_string(minimum));
  return out;
}

double readFinite(const JsonNode& value) {
  const double out = value.asDouble();
  if (!std::isfinite(out)) throw Error(value.location() + ": expected a finite number");
  return out;
}

TurboArchitecture readArchitecture(const JsonNode& node) {
  TurboArchitecture architecture;
  architecture.decoderChannels = readInts(node["decoderChannels"], 1);
  architecture.discriminatorChannels = readInt(node["discriminatorChannels"], 1);
  architecture.discriminatorHidden = readInt(node["discriminatorHidden"], 2);  // the second layer has half
  const JsonNode scale = node["imageScale"];
  architecture.imageScale = readFinite(scale);
  if (architecture.imageScale <= 0.0) throw Error(scale.location() + ": must be > 0");
  architecture.ownEncoder = node.boolOr("ownEncoder", false);
  return architecture;
}

TurboCard::Training readTraining(const JsonNode& node) {
  TurboCard::Training training;
  training.command = node.stringOr("command", "");
  training.data = readStrings(node, "data");
  training.targetData = readStrings(node, "targetData");
  training.validationData = readStrings(node, "validationData");
  if (const auto steps = node.find("stageSteps")) {
    if (!steps->isArray() || steps->size() != training.stageSteps.size())
      throw Error(steps->location() + ": expected an array of 4 step counts (stages 0 … 3)");
    for (std::size_t i = 0; i < training.stageSteps.size(); ++i) {
      const JsonNode value = steps->at(i);
      training.stageSteps[i] = value.asInt64();
      if (training.stageSteps[i] < 0) throw Error(value.location() + ": must be >= 0");
    }
  }
  if (const auto seed = node.find("seed")) {
    if (seed->isString()) {
      const std::string& text = seed->asString();
      std::size_t used = 0;
      try {
        training.seed = std::stoull(text, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used == 0 || used != text.size() || text.front() == '-')
        throw Error(seed->location() + ": seed '" + text + "' is not an unsigned integer");
    } else {
      const std::int64_t value = seed->asInt64();
      if (value < 0) throw Error(seed->location() + ": seed must be >= 0");
      training.seed = static_cast<std::uint64_t>(value);
    }
  }
  training.device = node.stringOr("device", "");
  training.seconds = node.numberOr("seconds", 0.0);
  training.created = node.stringOr("created", "");
  training.notes = readStrings(node, "notes");
  training.modelAgnostic = node.boolOr("modelAgnostic", false);
  training.noAdversarial = node.boolOr("noAdversarial", false);
  training.noInstance = node.boolOr("noInstance", false);
  return training;
}

Json trainingJson(const TurboCard::Training& training) {
  Json json = Json::object();
  json["command"] = training.command;
  json["data"] = training.data;
  json["targetData"] = training.targetData;
  json["validationData"] = training.validationData;
  json["stageSteps"] = training.stageSteps;
  // Other readers hold JSON numbers as doubles: seeds beyond 2^53 are written as a decimal string so they survive.
  if (training.seed <= (std::uint64_t{1} << 53)) json["seed"] = static_cast<std::int64_t>(training.seed);
  else json["seed"] = std::to_string(training.seed);
  json["device"] = training.device;
  json["seconds"] = training.seconds;
  json["created"] = training.created;
  json["notes"] = training.notes;
  json["modelAgnostic"] = training.modelAgnostic;
  json["noAdversarial"] = training.noAdversarial;
  json["noInstance"] = training.noInstance;
  return json;
}

}  // namespace

bool TurboArchitecture::operator==(const TurboArchitecture& other) const {
  return decoderChannels == other.decoderChannels && discriminatorChannels == other.discriminatorChannels &&
         discriminatorHidden == other.discriminatorHidden && imageScale == other.imageScale &&
         ownEncoder == other.ownEncoder;
}

double TurboCard::Calibration::probabilityEasy(double logit) const { return 1.0 / (1.0 + std::exp(-(a * logit + b))); }

std::string TurboCard::toJson() const {
  Json json = Json::object();
  json["format"] = kFormat;
  json["version"] = kVersion;
  json["name"] = name;
  json["description"] = description;
  json["weightsFile"] = weightsFile;
  json["weightsSha256"] = weightsSha256;
  json["detectorCard"] = detectorCard;
  json["detectorSha256"] = detectorSha256;
  Json arch = Json::object();
  arch["decoderChannels"] = architecture.decoderChannels;
  arch["discriminatorChannels"] = architecture.discriminatorChannels;
  arch["discriminatorHidden"] = architecture.discriminatorHidden;
  arch["imageScale"] = architecture.imageScale;
  if (architecture.ownEncoder) arch["ownEncoder"] = true;
  json["architecture"] = std::move(arch);
  json["levelValues"] = levelValues;
  json["levelChannels"] = levelChannels;
  json["exits"] = exits;
  json["hardThreshold"] = hardThreshold;
  json["calibration"] = Json{{"a", calibration.a}, {"b", calibration.b}};
  json["training"] = trainingJson(training);
  json["validation"] = Json::object();
  for (const auto& [key, value] : validation) json["validation"][key] = value;
  if (gainProfile) json["gainProfile"] = gainProfile->toJson();
  if (!latencyProfiles.empty()) {
    Json profiles = Json::array();
    for (const LatencyProfile& profile : latencyProfiles) profiles.push_back(profile.toJson());
    json["latencyProfiles"] = std::move(profiles);
  }
  return JsonDocument::dump(json) + "\n";
}

TurboCard TurboCard::fromJson(const std::string& text, const std::string& name) {
  const JsonNode root = JsonDocument::parse(text, name).root();
  if (!root.isObject() || root.stringOr("format", "") != kFormat)
    throw Error(name + ": not an EdgeScope Turbo card (field \"format\" must be \"" + kFormat + "\")");
  if (root["version"].asInt() != kVersion)
    throw Error(root["version"].location() + ": Turbo card version " + std::to_string(root["version"].asInt()) +
                " is not supported (expected " + std::to_string(kVersion) + ")");
  TurboCard card;
  card.name = root.stringOr("name", "");
  card.description = root.stringOr("description", "");
  card.weightsFile = root["weightsFile"].asString();
  card.weightsSha256 = root["weightsSha256"].asString();
  card.detectorCard = root["detectorCard"].asString();
  card.detectorSha256 = root["detectorSha256"].asString();
  card.architecture = readArchitecture(root["architecture"]);
  const JsonNode exits = root["exits"];
  card.exits = readInt(exits, 1);
  if (card.exits != static_cast<int>(card.architecture.decoderChannels.size()))
    throw Error(exits.location() + ": " + std::to_string(card.exits) + " exits but architecture.decoderChannels has " +
                std::to_string(card.architecture.decoderChannels.size()) + " blocks");
  const JsonNode levels = root["levelChannels"];
  card.levelChannels = readInts(levels, 1);
  if (static_cast<int>(card.levelChannels.size()) != card.exits + 1 || card.levelChannels.front() != 3)
    throw Error(levels.location() + ": expected " + std::to_string(card.exits + 1) +
                " levels (0 … exits), level 0 the 3-channel input");
  card.levelValues = readStrings(root, "levelValues");
  if (!card.levelValues.empty() && static_cast<int>(card.levelValues.size()) != card.exits + 1)
    throw Error(root["levelValues"].location() + ": " + std::to_string(card.levelValues.size()) +
                " values, expected none or " + std::to_string(card.exits + 1) + " (levels 0 … exits)");
  if (const auto threshold = root.find("hardThreshold")) {
    card.hardThreshold = readFinite(*threshold);
    if (card.hardThreshold < 0.0 || card.hardThreshold > 1.0) throw Error(threshold->location() + ": must be in [0, 1]");
  }
  if (const auto calibration = root.find("calibration")) {
    card.calibration.a = readFinite((*calibration)["a"]);
    card.calibration.b = readFinite((*calibration)["b"]);
  }
  if (const auto training = root.find("training")) card.training = readTraining(*training);
  if (const auto validation = root.find("validation"))
    for (const auto& [key, value] : validation->members()) card.validation[key] = value.asDouble();
  if (const auto gain = root.find("gainProfile")) {
    card.gainProfile = GainProfile::fromJson(*gain);
    if (card.gainProfile->maxExit() != card.exits)
      throw Error((*gain)["maxExit"].location() + ": gain profile up to exit " +
                  std::to_string(card.gainProfile->maxExit()) + ", the enhancer has " + std::to_string(card.exits));
  }
  if (const auto profiles = root.find("latencyProfiles")) {
    if (!profiles->isArray()) throw Error(profiles->location() + ": expected an array, got " + profiles->typeName());
    std::set<std::string> keys;
    for (std::size_t i = 0; i < profiles->size(); ++i) {
      const JsonNode node = profiles->at(i);
      card.latencyProfiles.push_back(LatencyProfile::fromJson(node));
      const LatencyProfile& profile = card.latencyProfiles.back();
      if (profile.maxExit() != card.exits)
        throw Error(node["timesMs"].location() + ": latency profile up to exit " + std::to_string(profile.maxExit()) +
                    ", the enhancer has " + std::to_string(card.exits));
      if (!keys.insert(profile.key()).second)
        throw Error(node.location() + ": a second latency profile for '" + profile.key() + "'");
    }
  }
  return card;
}

TurboCard TurboCard::read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read Turbo card " + path);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw Error("cannot read Turbo card " + path);
  return fromJson(text, path);
}

void TurboCard::write(const std::string& path) const {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << toJson();
  out.close();
  if (!out) throw Error("cannot write Turbo card " + path);
}

std::string TurboCard::cardPathFor(const std::string& path) {
  const auto dot = path.find_last_of('.');
  const auto slash = path.find_last_of('/');
  const bool hasExtension = dot != std::string::npos && (slash == std::string::npos || dot > slash);
  return (hasExtension ? path.substr(0, dot) : path) + ".json";
}

void TurboCard::bindDetector(const std::string& detectorCardPath) {
  detectorSha256 = Digest::sha256OfFile(detectorCardPath);
  detectorCard = std::filesystem::path(detectorCardPath).filename().string();
}

void TurboCard::requireDetector(const TurboCard& card, const std::string& turboCardPath,
                                const std::string& detectorCardPath) {
  std::string actual;
  try {
    actual = Digest::sha256OfFile(detectorCardPath);
  } catch (const Error& e) {
    throw Error("Turbo enhancer " + turboCardPath + ": cannot read the detector card " + detectorCardPath + ": " +
                e.what());
  }
  if (actual == card.detectorSha256) return;
  throw Error("Turbo enhancer " + turboCardPath + " was built for detector card " + card.detectorCard + " (sha256 " +
              card.detectorSha256 + ") but the detector's card " + detectorCardPath + " is " +
              std::filesystem::path(detectorCardPath).filename().string() + " (sha256 " + actual + ")");
}

const LatencyProfile* TurboCard::latencyProfileFor(const std::string& key) const {
  for (const LatencyProfile& profile : latencyProfiles)
    if (profile.key() == key) return &profile;
  return nullptr;
}

}  // namespace edgescope
