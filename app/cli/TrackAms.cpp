#include "cli/TrackAms.h"

#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "amsstream/AmsModule.h"
#include "cli/DeepScaleOptions.h"
#include "cli/TrackRecording.h"
#include "common/CommandLine.h"
#include "core/Stopwatch.h"
#include "util/Error.h"
#ifdef EDGESCOPE_HAVE_AMS_NODE
#include "amsstream/node/AmsLocalNode.h"
#endif

namespace edgescope {
namespace {

/// "--ams-set updateIntervalS=5,ams.iterations=10": knob ids (the "ams." prefix optional) and values.
std::vector<std::pair<std::string, double>> parseKnobs(const std::string& text) {
  auto knobs = CommandLine::parseAssignments(text, "--ams-set", "ams.");
  for (const auto& knob : knobs) {
    if (knob.first == "ams.enabled") throw Error("option --ams-set: ams.enabled is --ams itself");
  }
  return knobs;
}

}  // namespace

void TrackAmsOptions::addTo(CLI::App& command, TrackAmsOptions& options) {
  command
      .add_option("--ams", options.ams,
                  "stream model updates from a node (AMS): local (an in-process node) or tcp://HOST:PORT#KEY; "
                  "needs a jde: detector; use --pace to run in real time")
      ->type_name("local|ADDRESS");
  command.add_option("--ams-state", options.stateDir, "keep the camera's AMS model version here (load, save)")
      ->type_name("DIR");
  command.add_option("--link", options.link, "emulated link to the AMS node, e.g. up=200,down=1000,rtt=40")
      ->type_name("PROFILE");
  command.add_option("--ams-teacher", options.teacher, "teacher of --ams local (default: the default network)")
      ->type_name("SPEC");
  command.add_option("--ams-set", options.knobs, "AMS knobs, e.g. updateIntervalS=5,iterations=10")
      ->type_name("id=value,...");
}

TrackAms::TrackAms(const TrackAmsOptions& options, TrackingPipeline& pipeline, const SourceInfo& info)
    : pipeline_(pipeline) {
  if (options.ams.empty()) {
    if (!options.stateDir.empty() || !options.link.empty() || !options.teacher.empty() || !options.knobs.empty()) {
      throw Error("options --ams-state, --link, --ams-teacher and --ams-set need --ams");
    }
    return;
  }
  const auto knobs = parseKnobs(options.knobs);
  address_ = options.ams;
  if (options.ams == "local") {
#ifdef EDGESCOPE_HAVE_AMS_NODE
    AmsLocalNode::Options node;
    node.teacherSpec = options.teacher.empty() ? DeepScaleOptions::defaultDetector() : options.teacher;
    node.log = [](const std::string& line) { std::cerr << "edgescope-cli track: AMS node: " << line << std::endl; };
    node_ = std::make_unique<AmsLocalNode>(node);
    address_ = node_->address();
#else
    throw Error("option --ams local: this build has no AMS node (LibTorch); give a node's tcp://HOST:PORT#KEY");
#endif
  } else if (!options.teacher.empty()) {
    throw Error("option --ams-teacher: only for --ams local (a remote node has its own teacher)");
  }
  AmsModule::Options module;
  module.node = address_;
  module.stateDir = options.stateDir;
  module.link = options.link;
  module_ = std::make_unique<AmsModule>(module);
  for (const auto& [id, value] : knobs) module_->apply(id, value, &pipeline, info);  // Error names an unknown id
  module_->apply("ams.enabled", 1.0, &pipeline, info);
  std::string why;
  for (const auto& [type, text] : module_->takeMessages()) {
    std::cerr << "edgescope-cli track: " << text << std::endl;
    if (type == EngineEvent::Type::Warning) why = text;
  }
  if (module_->config().enabled) return;
  module_.reset();
  throw Error("option --ams: " + why);
}

TrackAms::~TrackAms() = default;

void TrackAms::beforeFrame(const SourceFrame& frame) {
  if (!module_) return;
  snapshot_ = FrameSnapshot{};
  snapshot_.frame = frame.frame;
  module_->beforeTrack(snapshot_, FrameTiming::unpaced(Stopwatch::nowMs()), pipeline_);
}

void TrackAms::afterFrame(const TrackingPipeline::Result& result, TrackRecording* recording) {
  if (!module_) return;
  module_->afterTrack(result, snapshot_, pipeline_);
  for (const auto& [type, text] : module_->takeMessages()) {
    std::cerr << "edgescope-cli track: " << (type == EngineEvent::Type::Warning ? "warning: " : "") << text
              << std::endl;
  }
  const std::vector<ModuleRecordLine> lines = module_->takeRecordLines();
  if (recording && !lines.empty()) recording->addModuleLines(snapshot_.frame.number, lines);
}

void TrackAms::addJson(Json& json) const {
  if (!module_) return;
  const AmsStreamStatus s = module_->status();
  json["ams"] = {{"node", address_},
                 {"session", s.sessionId},
                 {"state", s.state},
                 {"version", s.version},
                 {"node_version", s.nodeVersion},
                 {"updates", s.updates},
                 {"rejected", s.rejected},
                 {"resyncs", s.resyncs},
                 {"joins", s.joins},
                 {"batches", s.batches},
                 {"samples", s.samplesSent},
                 {"samples_dropped", s.samplesDropped},
                 {"rate_fps", s.rateFps},
                 {"update_interval_s", s.updateIntervalS},
                 {"bytes_up", s.bytesUp},
                 {"bytes_down", s.bytesDown},
                 {"last_update_bytes", s.lastUpdateBytes},
                 {"stage_ms", s.stageMs},
                 {"swap_ms", s.swapMs}};
}

std::string TrackAms::summary() const {
  if (!module_) return {};
  const AmsStreamStatus s = module_->status();
  char line[256];
  std::snprintf(line, sizeof(line),
                "  AMS %s: version %llu, %llu update(s), %llu batch(es) of %llu samples, %.1f kB up, %.1f kB down\n",
                s.state.c_str(), static_cast<unsigned long long>(s.version), static_cast<unsigned long long>(s.updates),
                static_cast<unsigned long long>(s.batches), static_cast<unsigned long long>(s.samplesSent),
                s.bytesUp / 1000.0, s.bytesDown / 1000.0);
  return line;
}

}  // namespace edgescope
