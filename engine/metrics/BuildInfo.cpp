#include "metrics/BuildInfo.h"

#include <nlohmann/json.hpp>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include "metrics/MetricFamilies.h"
#include "record/ModelCardFile.h"

namespace edgescope {

BuildInfo::Model BuildInfo::describeDetector(const std::string& detectorSpec) {
  Model model{detectorSpec.substr(0, detectorSpec.find('?')), ""};
  const std::string card = ModelCardFile::textForDetector(detectorSpec);
  if (card.empty()) return model;
  const nlohmann::json json = nlohmann::json::parse(card, nullptr, false);  // no exceptions: a bad card is no info
  if (!json.is_object()) return model;
  if (json.contains("name") && json["name"].is_string()) model.name = json["name"].get<std::string>();
  if (json.contains("sha256") && json["sha256"].is_string()) model.sha256 = json["sha256"].get<std::string>();
  return model;
}

const char* BuildInfo::version() { return EDGESCOPE_VERSION; }

BuildInfo::BuildInfo(prometheus::Registry& registry, const Model& model)
    : family_(MetricFamilies::gauge(registry, "edgescope_build_info",
                                    "EdgeScope version and detector model (name, sha256 of its weights); value 1")) {
  set(model);
}

void BuildInfo::set(const Model& model) {
  if (current_ && model.name == model_.name && model.sha256 == model_.sha256) return;
  if (current_) family_.Remove(current_);
  model_ = model;
  current_ = &family_.Add({{"version", version()}, {"model", model.name}, {"model_sha256", model.sha256}});
  current_->Set(1.0);
}

}  // namespace edgescope
