#include "record/ManifestJson.h"

#include <nlohmann/json.hpp>

#include "util/Error.h"
#include "util/JsonNode.h"

namespace edgescope {
namespace {

Json modelCard(const std::string& text) {
  if (text.empty()) return nullptr;
  try {
    return JsonDocument::parse(text, "model card").json();
  } catch (const Error&) {
    return nullptr;
  }
}

}  // namespace

std::string ManifestJson::toJson(const SessionManifest& manifest) {
  Json json = Json::object();
  json["format"] = manifest.format;
  json["version"] = manifest.version;
  json["tool"] = manifest.tool;
  json["created"] = manifest.created;
  json["ended"] = manifest.ended;
  json["complete"] = manifest.complete;
  json["source"] = {{"uri", manifest.sourceUri},       {"name", manifest.sourceName},
                    {"kind", manifest.sourceKind},     {"width", manifest.width},
                    {"height", manifest.height},       {"fps", manifest.fps},
                    {"frame_count", manifest.frameCount}};
  json["ground_truth"] = {{"path", manifest.groundTruthPath}, {"present", manifest.hasGroundTruth}};
  json["detector"] = manifest.detector;
  json["embedder"] = manifest.embedder;
  json["model_card"] = modelCard(manifest.modelCardJson);
  Json parameters = Json::object();
  for (const auto& [id, value] : manifest.initialParameters) parameters[id] = value;
  json["initial_parameters"] = std::move(parameters);
  return JsonDocument::dump(json) + "\n";
}

SessionManifest ManifestJson::fromJson(const JsonNode& root) {
  SessionManifest manifest;
  manifest.format = root.stringOr("format", "");
  if (manifest.format != "edgescope-session") {
    throw Error(root.location() + ": format is '" + manifest.format + "', expected 'edgescope-session'");
  }
  manifest.version = root.intOr("version", 1);
  manifest.tool = root.stringOr("tool", "");
  manifest.created = root.stringOr("created", "");
  manifest.ended = root.stringOr("ended", "");
  manifest.complete = root.boolOr("complete", false);
  if (const auto source = root.find("source")) {
    manifest.sourceUri = source->stringOr("uri", "");
    manifest.sourceName = source->stringOr("name", "");
    manifest.sourceKind = source->stringOr("kind", "");
    manifest.width = source->intOr("width", 0);
    manifest.height = source->intOr("height", 0);
    manifest.fps = source->numberOr("fps", 0.0);
    if (const auto count = source->find("frame_count")) manifest.frameCount = count->asInt64();
  }
  if (const auto gt = root.find("ground_truth")) {
    manifest.groundTruthPath = gt->stringOr("path", "");
    manifest.hasGroundTruth = gt->boolOr("present", false);
  }
  manifest.detector = root.stringOr("detector", "");
  manifest.embedder = root.stringOr("embedder", "");
  if (const auto card = root.find("model_card"); card && !card->isNull()) {
    manifest.modelCardJson = JsonDocument::dump(card->json());
  }
  if (const auto parameters = root.find("initial_parameters")) {
    for (const auto& [id, value] : parameters->members()) manifest.initialParameters[id] = value.asDouble();
  }
  return manifest;
}

}  // namespace edgescope
