#include "neural/JdeModelCard.h"

#include <fstream>

#include "util/Error.h"
#include "util/JsonReader.h"
#include "util/JsonValue.h"
#include "util/JsonWriter.h"

namespace edgescope {
namespace {

void writeStrings(JsonWriter& json, const std::string& key, const std::vector<std::string>& values) {
  json.key(key).beginArray();
  for (const auto& v : values) json.value(v);
  json.endArray();
}

std::vector<std::string> readStrings(const JsonValue& object, const std::string& key) {
  std::vector<std::string> out;
  if (const JsonValue* array = object.find(key))
    for (std::size_t i = 0; i < array->size(); ++i) out.push_back(array->at(i).asString());
  return out;
}

}  // namespace

std::string JdeModelCard::toJson() const {
  JsonWriter json;
  json.beginObject();
  json.key("format").value(kFormat);
  json.key("version").value(kVersion);
  json.key("name").value(name);
  json.key("description").value(description);
  json.key("weights").value(weightsFile);
  json.key("sha256").value(weightsSha256);
  json.key("architecture");
  architecture.write(json);
  json.key("training").beginObject();
  json.key("command").value(trainingCommand);
  if (!earlierTrainingCommands.empty()) writeStrings(json, "earlier", earlierTrainingCommands);
  writeStrings(json, "data", trainingData);
  writeStrings(json, "validation", validationData);
  json.key("steps").value(trainingSteps);
  json.key("batch").value(batchSize);
  // JSON numbers are doubles: seeds beyond 2^53 are written as a decimal string so they survive exactly.
  if (seed <= (std::uint64_t{1} << 53)) json.key("seed").value(static_cast<std::int64_t>(seed));
  else json.key("seed").value(std::to_string(seed));
  json.key("device").value(trainedOn);
  json.key("seconds").value(trainingSeconds);
  json.key("created").value(createdUtc);
  json.endObject();
  json.key("metrics").beginObject();
  for (const auto& [key, value] : metrics) json.key(key).value(value);
  json.endObject();
  json.key("tracker").beginObject();
  for (const auto& [key, value] : trackerDefaults) json.key(key).value(value);
  json.endObject();
  json.endObject();
  return json.str() + "\n";
}

JdeModelCard JdeModelCard::fromJson(const std::string& text, const std::string& name) {
  const JsonValue root = JsonReader::parse(text, name);
  if (root.stringOr("format", "") != kFormat)
    throw Error(name + ": not an EdgeScope JDE model card (field \"format\" must be \"" + kFormat + "\")");
  if (root["version"].asInt() != kVersion)
    throw Error(name + ": model card version " + std::to_string(root["version"].asInt()) + " is not supported (expected " +
                std::to_string(kVersion) + ")");
  JdeModelCard card;
  card.name = root.stringOr("name", "");
  card.description = root.stringOr("description", "");
  card.weightsFile = root["weights"].asString();
  card.weightsSha256 = root["sha256"].asString();
  try {
    card.architecture = JdeNetConfig::read(root["architecture"]);
  } catch (const Error& e) {
    throw Error(name + ": " + e.what());
  }
  if (const JsonValue* training = root.find("training")) {
    card.trainingCommand = training->stringOr("command", "");
    card.earlierTrainingCommands = readStrings(*training, "earlier");
    card.trainingData = readStrings(*training, "data");
    card.validationData = readStrings(*training, "validation");
    card.trainingSteps = training->contains("steps") ? (*training)["steps"].asInt64() : 0;
    card.batchSize = training->intOr("batch", 0);
    if (const JsonValue* seed = training->find("seed")) {
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
  }
  if (const JsonValue* metrics = root.find("metrics"))
    for (const auto& [key, value] : metrics->members()) card.metrics[key] = value.asDouble();
  if (const JsonValue* tracker = root.find("tracker"))
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

std::string JdeModelCard::cardPathFor(const std::string& path) {
  const auto dot = path.find_last_of('.');
  const auto slash = path.find_last_of('/');
  const std::string stem = dot != std::string::npos && (slash == std::string::npos || dot > slash) ? path.substr(0, dot) : path;
  return stem + ".json";
}

}  // namespace edgescope
