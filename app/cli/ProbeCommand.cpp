// edgescope-cli probe --source URI [--gt FILE]: prints the source's properties as one JSON object.
#include <iostream>

#include "cli/CliOptions.h"
#include "cli/Commands.h"
#include "mot/GroundTruthIndex.h"
#include "source/SourceFactory.h"
#include "util/JsonWriter.h"

namespace edgescope {

int runProbeCommand(int argc, char** argv) {
  const CliOptions options(argc, argv, 2, {"source", "gt"}, {});
  LiveCaptureOptions live;
  live.maxAttempts = 0;
  const auto source = SourceFactory::open(options.get("source"), options.get("gt", ""), live);
  const SourceInfo& info = source->info();
  const auto gt = source->groundTruth();
  JsonWriter json;
  json.beginObject();
  json.key("uri").value(info.uri);
  json.key("kind").value(info.kind);
  json.key("name").value(info.name);
  json.key("width").value(info.width);
  json.key("height").value(info.height);
  json.key("fps").value(info.fps);
  json.key("frames");
  if (info.frameCount >= 0) json.value(info.frameCount); else json.null();
  json.key("live").value(info.live);
  json.key("seekable").value(info.seekable);
  json.key("has_gt").value(info.hasGroundTruth || gt != nullptr);
  if (gt) {
    json.key("gt").beginObject();
    json.key("path").value(gt->path());
    json.key("rows").value(static_cast<std::int64_t>(gt->rowCount()));
    json.key("ids").value(static_cast<std::int64_t>(gt->identityCount()));
    json.key("first_frame").value(gt->firstFrame());
    json.key("last_frame").value(gt->lastFrame());
    json.endObject();
  }
  json.endObject();
  std::cout << json.str() << std::endl;
  return 0;
}

}  // namespace edgescope
