#include "neural/PatchCardSection.h"

#include <nlohmann/json.hpp>

#include "util/Error.h"
#include "util/JsonNode.h"

namespace edgescope {

std::string PatchCardSection::sizeName(cv::Size size) {
  return std::to_string(size.width) + "x" + std::to_string(size.height);
}

Json PatchCardSection::toJson() const {
  Json json = Json::object();
  json["sizes"] = Json::array();
  for (const cv::Size& s : sizes) json["sizes"].push_back(Json::array({s.width, s.height}));
  json["objectness"] = objectness.toJson();
  json["scoreAlpha"] = scoreAlpha;
  json["scoreBeta"] = scoreBeta;
  json["presets"] = Json::array();
  for (const Preset& p : presets) {
    json["presets"].push_back({{"name", p.name}, {"parameters", p.parameters}, {"validationLoss", p.validationLoss},
                               {"cpuMs", p.cpuMs}, {"score", p.score}, {"chosen", p.chosen}});
  }
  return json;
}

PatchCardSection PatchCardSection::read(const JsonNode& object) {
  PatchCardSection section;
  const JsonNode sizes = object["sizes"];
  if (sizes.size() == 0) throw Error(sizes.location() + ": a patch model needs at least one input size");
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    const JsonNode pair = sizes.at(i);
    const cv::Size size(pair.at(0).asInt(), pair.at(1).asInt());
    if (pair.size() != 2 || size.width <= 0 || size.height <= 0 || size.width % 32 || size.height % 32 ||
        size.width > 1024 || size.height > 1024) {
      throw Error(pair.location() + ": expected [width, height], positive multiples of 32 up to 1024");
    }
    if (!section.sizes.empty() && size.area() <= section.sizes.back().area()) {
      throw Error(pair.location() + ": sizes must grow (smallest first)");
    }
    section.sizes.push_back(size);
  }
  section.objectness = ObjectnessModel::fromJson(object["objectness"]);
  section.scoreAlpha = object.numberOr("scoreAlpha", 1.0);
  section.scoreBeta = object.numberOr("scoreBeta", 0.6);
  if (const auto presets = object.find("presets")) {
    for (std::size_t i = 0; i < presets->size(); ++i) {
      const JsonNode p = presets->at(i);
      section.presets.push_back({p["name"].asString(), p.intOr("parameters", 0), p.numberOr("validationLoss", 0.0),
                                 p.numberOr("cpuMs", 0.0), p.numberOr("score", 0.0), p.boolOr("chosen", false)});
    }
  }
  return section;
}

}  // namespace edgescope
