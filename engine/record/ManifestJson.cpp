#include "record/ManifestJson.h"

#include "record/JsonValueWriter.h"
#include "util/Error.h"
#include "util/JsonReader.h"
#include "util/JsonValue.h"
#include "util/JsonWriter.h"

namespace edgescope {
namespace {

void writeModelCard(JsonWriter& json, const std::string& text) {
  if (text.empty()) {
    json.null();
    return;
  }
  JsonValue card;
  try {
    card = JsonReader::parse(text, "model card");
  } catch (const Error&) {
    json.null();
    return;
  }
  JsonValueWriter::write(json, card);
}

}  // namespace

std::string ManifestJson::toJson(const SessionManifest& manifest) {
  JsonWriter json;
  json.beginObject();
  json.key("format").value(manifest.format);
  json.key("version").value(manifest.version);
  json.key("tool").value(manifest.tool);
  json.key("created").value(manifest.created);
  json.key("ended").value(manifest.ended);
  json.key("complete").value(manifest.complete);
  json.key("source").beginObject();
  json.key("uri").value(manifest.sourceUri);
  json.key("name").value(manifest.sourceName);
  json.key("kind").value(manifest.sourceKind);
  json.key("width").value(manifest.width);
  json.key("height").value(manifest.height);
  json.key("fps").value(manifest.fps);
  json.key("frame_count").value(manifest.frameCount);
  json.endObject();
  json.key("ground_truth").beginObject();
  json.key("path").value(manifest.groundTruthPath);
  json.key("present").value(manifest.hasGroundTruth);
  json.endObject();
  json.key("detector").value(manifest.detector);
  json.key("embedder").value(manifest.embedder);
  json.key("model_card");
  writeModelCard(json, manifest.modelCardJson);
  json.key("initial_parameters").beginObject();
  for (const auto& [id, value] : manifest.initialParameters) json.key(id).value(value);
  json.endObject();
  json.endObject();
  return json.str() + "\n";
}

SessionManifest ManifestJson::fromJson(const JsonValue& root) {
  SessionManifest manifest;
  manifest.format = root.stringOr("format", "");
  if (manifest.format != "edgescope-session") {
    throw Error(root.location() + ": format is '" + manifest.format + "', expected 'edgescope-session'");
  }
  manifest.version = root.intOr("version", manifest.version);
  manifest.tool = root.stringOr("tool", "");
  manifest.created = root.stringOr("created", "");
  manifest.ended = root.stringOr("ended", "");
  manifest.complete = root.boolOr("complete", false);
  if (const JsonValue* source = root.find("source")) {
    manifest.sourceUri = source->stringOr("uri", "");
    manifest.sourceName = source->stringOr("name", "");
    manifest.sourceKind = source->stringOr("kind", "");
    manifest.width = source->intOr("width", 0);
    manifest.height = source->intOr("height", 0);
    manifest.fps = source->numberOr("fps", 0.0);
    if (const JsonValue* count = source->find("frame_count")) manifest.frameCount = count->asInt64();
  }
  if (const JsonValue* gt = root.find("ground_truth")) {
    manifest.groundTruthPath = gt->stringOr("path", "");
    manifest.hasGroundTruth = gt->boolOr("present", false);
  }
  manifest.detector = root.stringOr("detector", "");
  manifest.embedder = root.stringOr("embedder", "");
  if (const JsonValue* card = root.find("model_card"); card && !card->isNull()) {
    manifest.modelCardJson = JsonValueWriter::toText(*card);
  }
  if (const JsonValue* parameters = root.find("initial_parameters")) {
    for (const auto& [id, value] : parameters->members()) manifest.initialParameters[id] = value.asDouble();
  }
  return manifest;
}

}  // namespace edgescope
