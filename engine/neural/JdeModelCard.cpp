#include "neural/JdeModelCard.h"

#include <fstream>

#include "util/Error.h"
#include <nlohmann/json.hpp>

#include "util/JsonDocument.h"
#include "util/JsonNode.h"

namespace edgescope {
namespace {

std::vector<std::string> readStrings(const JsonNode& object, const std::string& key) {
  std::vector<std::string> out;
  if (const auto array = object.find(key))
    for (std::size_t i = 0; i < array->size(); ++i) out.push_back(array->at(i).asString());
  return out;
}

}  // namespace

std::string JdeModelCard::toJson() const {
  Json json = Json::object();
  json["format"] = kFormat;
  json["version"] = kVersion;
  if (kind != kKindJde) json["kind"] = kind;
  json["name"] = name;
  json["description"] = description;
  json["weights"] = weightsFile;
  json["sha256"] = weightsSha256;
  json["architecture"] = architecture.toJson();
  Json training = Json::object();
  training["command"] = trainingCommand;
  if (!earlierTrainingCommands.empty()) training["earlier"] = earlierTrainingCommands;
  training["data"] = trainingData;
  training["validation"] = validationData;
  training["steps"] = trainingSteps;
  training["batch"] = batchSize;
  // Other readers hold JSON numbers as doubles: seeds beyond 2^53 are written as a decimal string so they survive.
  if (seed <= (std::uint64_t{1} << 53)) training["seed"] = static_cast<std::int64_t>(seed);
  else training["seed"] = std::to_string(seed);
  training["device"] = trainedOn;
  training["seconds"] = trainingSeconds;
  training["created"] = createdUtc;
  if (!trainingNotes.empty()) training["notes"] = trainingNotes;
  json["training"] = std::move(training);
  json["metrics"] = Json::object();
  for (const auto& [key, value] : metrics) json["metrics"][key] = value;
  if (kind == kKindPatch) json["patch"] = patch.toJson();
  json["tracker"] = Json::object();
  for (const auto& [key, value] : trackerDefaults) json["tracker"][key] = value;
  return JsonDocument::dump(json) + "\n";
}

JdeModelCard JdeModelCard::fromJson(const std::string& text, const std::string& name) {
  const JsonNode root = JsonDocument::parse(text, name).root();
  if (root.stringOr("format", "") != kFormat)
    throw Error(name + ": not an EdgeScope JDE model card (field \"format\" must be \"" + kFormat + "\")");
  if (root["version"].asInt() != kVersion)
    throw Error(root["version"].location() + ": model card version " + std::to_string(root["version"].asInt()) +
                " is not supported (expected " + std::to_string(kVersion) + ")");
  JdeModelCard card;
  card.kind = root.stringOr("kind", kKindJde);
  if (card.kind != kKindJde && card.kind != kKindPatch) {
    throw Error(root["kind"].location() + ": model kind '" + card.kind + "' is not \"jde\" or \"patch\"");
  }
  if (card.kind == kKindPatch) card.patch = PatchCardSection::read(root["patch"]);
  card.name = root.stringOr("name", "");
  card.description = root.stringOr("description", "");
  card.weightsFile = root["weights"].asString();
  card.weightsSha256 = root["sha256"].asString();
  card.architecture = JdeNetConfig::read(root["architecture"]);
  if (const auto training = root.find("training")) {
    card.trainingCommand = training->stringOr("command", "");
    card.earlierTrainingCommands = readStrings(*training, "earlier");
    card.trainingData = readStrings(*training, "data");
    card.validationData = readStrings(*training, "validation");
    card.trainingSteps = training->contains("steps") ? (*training)["steps"].asInt64() : 0;
    card.batchSize = training->intOr("batch", 0);
    if (const auto seed = training->find("seed")) {
      if (seed->isString()) {
        try {
          card.seed = std::stoull(seed->asString());
        } catch (const std::exception&) {
          throw Error(seed->location() + ": seed '" + seed->asString() + "' is not an unsigned integer");
        }
      } else {
        card.seed = static_cast<std::uint64_t>(seed->asInt64());
      }
    }
    card.trainedOn = training->stringOr("device", "");
    card.trainingSeconds = training->numberOr("seconds", 0.0);
    card.createdUtc = training->stringOr("created", "");
    card.trainingNotes = readStrings(*training, "notes");
  }
  if (const auto metrics = root.find("metrics"))
    for (const auto& [key, value] : metrics->members()) card.metrics[key] = value.asDouble();
  if (const auto tracker = root.find("tracker"))
    for (const auto& [key, value] : tracker->members()) card.trackerDefaults[key] = value.asDouble();
  return card;
}

JdeModelCard JdeModelCard::read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read model card " + path);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return fromJson(text, path);
}

void JdeModelCard::write(const std::string& path) const {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << toJson();
  if (!out) throw Error("cannot write model card " + path);
}

void JdeModelCard::requireKind(const std::string& expected, const std::string& path) const {
  if (kind == expected) return;
  const std::string what = kind == kKindPatch ? "a ParaLoupe patch model" : "a JDE frame detector";
  throw Error(path + ": field \"kind\" is \"" + kind + "\" (" + what + "), expected \"" + expected + "\"");
}

std::string JdeModelCard::cardPathFor(const std::string& path) {
  const auto dot = path.find_last_of('.');
  const auto slash = path.find_last_of('/');
  const std::string stem = dot != std::string::npos && (slash == std::string::npos || dot > slash) ? path.substr(0, dot) : path;
  return stem + ".json";
}

}  // namespace edgescope
