#include "neural/JdeNetConfig.h"

#include "util/Error.h"
#include <nlohmann/json.hpp>

#include "util/JsonNode.h"

namespace edgescope {
namespace {

void requireRange(const std::string& field, double value, double low, double high) {
  if (!(value >= low && value <= high))
    throw Error("JDE network: " + field + " = " + std::to_string(value) + " is outside [" + std::to_string(low) +
                ", " + std::to_string(high) + "]");
}

template <typename T>
Json numbers(const T& values) {
  Json array = Json::array();
  for (const auto& v : values) array.push_back(static_cast<double>(v));
  return array;
}

std::vector<double> readNumbers(const JsonNode& array) {
  std::vector<double> out;
  for (std::size_t i = 0; i < array.size(); ++i) out.push_back(array.at(i).asDouble());
  return out;
}

}  // namespace

void JdeNetConfig::validate() const {
  if (stageChannels.size() != 5)
    throw Error("JDE network: stageChannels needs 5 entries (stem + 4 stages), got " +
                std::to_string(stageChannels.size()));
  for (std::size_t i = 0; i < stageChannels.size(); ++i)
    requireRange("stageChannels[" + std::to_string(i) + "]", stageChannels[i], 1, 1024);
  requireRange("neckChannels", neckChannels, 1, 1024);
  requireRange("residualBlocks", residualBlocks, 0, 4);
  requireRange("headChannels", headChannels, 1, 1024);
  requireRange("reidHiddenChannels", reidHiddenChannels, 1, 1024);
  requireRange("embeddingDim", embeddingDim, 8, 1024);
  requireRange("detectabilityChannels", detectabilityChannels, 0, 16);
  if (resolutionScales.size() != static_cast<std::size_t>(detectabilityChannels))
    throw Error("JDE network: resolutionScales has " + std::to_string(resolutionScales.size()) +
                " entries but detectabilityChannels is " + std::to_string(detectabilityChannels));
  for (std::size_t i = 0; i < resolutionScales.size(); ++i)
    requireRange("resolutionScales[" + std::to_string(i) + "]", resolutionScales[i], 0.05, 1.0);
  if (strideOut != 4 && strideOut != 8)
    throw Error("JDE network: strideOut = " + std::to_string(strideOut) + " is not 4 or 8");
  backbone.validate(strideOut);
  for (int i = 0; i < 3; ++i) requireRange("stdRgb[" + std::to_string(i) + "]", stdRgb[static_cast<std::size_t>(i)], 1e-6, 10);
}

Json JdeNetConfig::toJson() const {
  Json json = Json::object();
  json["stageChannels"] = numbers(stageChannels);
  if (residualBlocks != 1) json["residualBlocks"] = residualBlocks;  // cards before issue 20 have one
  json["neckChannels"] = neckChannels;
  json["headChannels"] = headChannels;
  json["reidHiddenChannels"] = reidHiddenChannels;
  json["embeddingDim"] = embeddingDim;
  json["detectabilityChannels"] = detectabilityChannels;
  json["strideOut"] = strideOut;
  json["inputAlign"] = kInputAlign;
  json["meanRgb"] = numbers(meanRgb);
  json["stdRgb"] = numbers(stdRgb);
  json["resolutionScales"] = numbers(resolutionScales);
  json["backbone"] = backbone.toJson();
  return json;
}

JdeNetConfig JdeNetConfig::read(const JsonNode& object) {
  JdeNetConfig config;
  if (object.contains("stageChannels")) {
    config.stageChannels.clear();
    const JsonNode array = object["stageChannels"];
    for (std::size_t i = 0; i < array.size(); ++i) config.stageChannels.push_back(array.at(i).asInt());
  }
  if (object.contains("neckChannels")) config.neckChannels = object["neckChannels"].asInt();
  if (object.contains("residualBlocks")) config.residualBlocks = object["residualBlocks"].asInt();
  if (object.contains("headChannels")) config.headChannels = object["headChannels"].asInt();
  if (object.contains("reidHiddenChannels")) config.reidHiddenChannels = object["reidHiddenChannels"].asInt();
  if (object.contains("embeddingDim")) config.embeddingDim = object["embeddingDim"].asInt();
  if (object.contains("detectabilityChannels")) config.detectabilityChannels = object["detectabilityChannels"].asInt();
  for (const char* key : {"meanRgb", "stdRgb"}) {
    if (!object.contains(key)) continue;
    const std::vector<double> values = readNumbers(object[key]);
    if (values.size() != 3) throw Error(std::string("JDE network: ") + key + " needs 3 numbers");
    auto& target = std::string(key) == "meanRgb" ? config.meanRgb : config.stdRgb;
    for (int i = 0; i < 3; ++i) target[static_cast<std::size_t>(i)] = static_cast<float>(values[static_cast<std::size_t>(i)]);
  }
  if (object.contains("resolutionScales")) config.resolutionScales = readNumbers(object["resolutionScales"]);
  if (object.contains("strideOut")) config.strideOut = object["strideOut"].asInt();
  if (object.contains("backbone")) config.backbone = JdeBackboneSpec::read(object["backbone"]);
  try {
    config.validate();
  } catch (const Error& e) {
    throw Error(object.location() + ": " + e.what());
  }
  return config;
}

bool JdeNetConfig::operator==(const JdeNetConfig& other) const {
  return stageChannels == other.stageChannels && neckChannels == other.neckChannels &&
         residualBlocks == other.residualBlocks &&
         headChannels == other.headChannels && reidHiddenChannels == other.reidHiddenChannels &&
         embeddingDim == other.embeddingDim && detectabilityChannels == other.detectabilityChannels &&
         meanRgb == other.meanRgb && stdRgb == other.stdRgb && resolutionScales == other.resolutionScales &&
         strideOut == other.strideOut && backbone == other.backbone;
}

}  // namespace edgescope
