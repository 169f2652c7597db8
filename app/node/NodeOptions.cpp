#include "node/NodeOptions.h"

#include <CLI/CLI.hpp>

#include "common/CommandLine.h"
#include "common/NumberRange.h"

namespace edgescope {

void NodeOptions::describe(CLI::App& app, NodeOptions& options) {
  CommandLine::configure(app);
  app.description("edgescope-node: serves detection and tracking to cameras over ZeroMQ with CURVE.");
  app.add_option("--bind", options.bind, "ZeroMQ address to serve on (port 0: any free port)")
      ->type_name("tcp://HOST:PORT")
      ->capture_default_str();
  app.add_option("--detector", options.detector, "detector spec: default (the project's default JDE model; hog without one) | hog | onnx-yolox:PATH | jde:MODEL.json[?…]")
      ->type_name("SPEC")
      ->capture_default_str();
  app.add_option("--patch-model", options.patchModel,
                 "ParaLoupe patch model to serve patch requests with (a kind \"patch\" card; none: they are refused)")
      ->type_name("MODEL.json");
  app.add_option("--keys", options.keysDir, "server key pair DIR/node.public + DIR/node.secret (make one with keygen)")
      ->type_name("DIR");
  app.add_option("--allow", options.allow,
                 "client public keys: a file (one Z85 key per line) or a folder of *.public files "
                 "(default: DIR/allowed)")
      ->type_name("PATH");
  app.add_flag("--insecure", options.insecure, "plain mode without keys (only on 127.0.0.1 / localhost / [::1])");
  app.add_option("--name", options.name, "node name in logs and in the cluster view")->capture_default_str();
  app.add_option("--threads", options.threads, "compute threads (0: the detector's choice)")
      ->check(NumberRange(0, 256))
      ->capture_default_str();
  app.add_option("--device", options.device, "where the detector runs")
      ->check(CLI::IsMember({"cpu", "cuda"}))
      ->capture_default_str();
  app.add_option("--profile", options.profile, "emulate a slower device: a named profile or slowdown=…,threads=…,memory=…")
      ->type_name("NAME");
  app.add_option("--slowdown", options.slowdown, "compute slowdown factor (with --profile: the profile's)")
      ->check(NumberRange(1.0, 1000.0))
      ->capture_default_str();
  app.add_option("--queue", options.queue, "frames queued per camera before the oldest is dropped")
      ->check(NumberRange(1, 1024))
      ->capture_default_str();
  app.add_option("--metrics", options.metricsAddress, CommandLine::kMetricsHelp)->type_name("ADDR");
  app.add_option("--turbo", options.turbo,
                 "Turbo enhancer of the jde: detector: off, auto (turbo_<model>.json beside its card) or a card. Each "
                 "detect request's exit is planned over the queue so that no request is answered after its due "
                 "time (DetectRequest.reply_within_ms, else deadline_ms, else the camera's frame interval); the "
                 "enhancer yields between decoder blocks when new requests need the time")
      ->type_name("off|auto|MODEL.json")
      ->capture_default_str();
  app.add_option("--turbo-margin", options.turboMarginMs, "Turbo: ms kept free before every request's due time")
      ->check(NumberRange(0.0, 1000.0))
      ->capture_default_str();
  app.add_option("--turbo-threshold", options.turboThreshold,
                 "Turbo: difficulty from which a frame is enhanced, 0..1 (default: the enhancer card's)")
      ->check(NumberRange(0.0, 1.0))
      ->type_name("D");
  app.add_option("--ams-teacher", options.amsTeacher,
                 "AMS model streaming: the teacher that labels the cameras' sampled frames (a detector spec, e.g. "
                 "jde:models/jde_yolox_s8.json or onnx-yolox:PATH); cameras join sessions and get sparse updates of "
                 "their own network. The node does not start when the teacher cannot be loaded")
      ->type_name("SPEC");
  app.add_option("--ams-max-sessions", options.amsMaxSessions, "AMS: camera sessions trained at once")
      ->check(NumberRange(1, 256))
      ->capture_default_str();
  app.add_option("--ams-state", options.amsState,
                 "AMS: save every session here after each training phase; a restarted node resumes a session "
                 "without a weights upload when its camera joins at the saved version")
      ->type_name("DIR");
  app.add_option("--ams-device", options.amsDevice, "AMS: where the sessions train")
      ->check(CLI::IsMember({"auto", "cpu", "cuda"}))
      ->capture_default_str();
  CLI::App* keygen = app.add_subcommand("keygen", "write a new CURVE key pair DIR/NAME.public + DIR/NAME.secret");
  keygen->add_option("--out", options.keysDir, "folder to write the key pair to")->required()->type_name("DIR");
  keygen->add_option("--name", options.name, "file name of the pair")->capture_default_str();
}

NodeOptions NodeOptions::parse(const std::vector<std::string>& args) {
  NodeOptions options;
  CLI::App app("", "edgescope-node");
  describe(app, options);
  options.helpText = CommandLine::parse(app, args);
  options.help = !options.helpText.empty();
  options.keygen = app.got_subcommand("keygen");
  return options;
}

}  // namespace edgescope
