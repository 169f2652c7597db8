#pragma once
/// @file ManifestJson.h
/// session.json, the manifest of a recorded session, to and from JSON:
/// {"format", "version", "tool", "created", "ended", "complete",
///  "source": {"uri", "name", "kind", "width", "height", "fps", "frame_count"},
///  "ground_truth": {"path", "present"}, "detector", "embedder", "model_card": {…} | null,
///  "initial_parameters": {"id": value, …}}
/// Stateless; any thread.

#include <string>

#include "record/SessionData.h"

namespace edgescope {

class JsonNode;

class ManifestJson {
 public:
  /// The manifest as JSON text. A modelCardJson that is not valid JSON is written as null.
  static std::string toJson(const SessionManifest& manifest);
  /// Reads a parsed session.json; absent members keep their defaults. Throws Error naming the JSON path of a member
  /// of the wrong type, or when the format is not "edgescope-session".
  static SessionManifest fromJson(const JsonNode& root);
};

}  // namespace edgescope
