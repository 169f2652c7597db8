// edgescope-cli probe --source URI [--gt FILE]: prints the source's properties as one JSON object.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "cli/Commands.h"
#include "cli/HelpTexts.h"
#include "mot/GroundTruthIndex.h"
#include "source/SourceFactory.h"
#include "util/JsonDocument.h"

#include <nlohmann/json.hpp>

namespace edgescope {
namespace {

struct ProbeOptions {
  std::string source;
  std::string gt;
};

int runProbe(const ProbeOptions& options) {
  LiveCaptureOptions live;
  live.maxAttempts = 0;
  const auto source = SourceFactory::open(options.source, options.gt, live);
  const SourceInfo& info = source->info();
  const auto gt = source->groundTruth();
  Json json = Json::object();
  json["uri"] = info.uri;
  json["kind"] = info.kind;
  json["name"] = info.name;
  json["width"] = info.width;
  json["height"] = info.height;
  json["fps"] = info.fps;
  json["frames"] = info.frameCount >= 0 ? Json(info.frameCount) : Json(nullptr);
  json["live"] = info.live;
  json["seekable"] = info.seekable;
  json["has_gt"] = info.hasGroundTruth || gt != nullptr;
  if (gt) {
    json["gt"] = {{"path", gt->path()},
                  {"rows", static_cast<std::int64_t>(gt->rowCount())},
                  {"ids", static_cast<std::int64_t>(gt->identityCount())},
                  {"first_frame", gt->firstFrame()},
                  {"last_frame", gt->lastFrame()}};
  }
  std::cout << JsonDocument::dump(json) << std::endl;
  return 0;
}

}  // namespace

Command addProbeCommand(CLI::App& cli) {
  CLI::App* command = cli.add_subcommand("probe", "print the source's properties as one JSON object");
  auto options = std::make_shared<ProbeOptions>();
  command->add_option("--source", options->source, kSourceHelp)->required()->type_name("URI");
  command->add_option("--gt", options->gt, kGroundTruthHelp)->type_name("FILE");
  return [options] { return runProbe(*options); };
}

}  // namespace edgescope
