// edgescope-cli: the headless EdgeScope front end. Errors go to stderr with a non-zero exit code: 2 for a missing or
// unknown command, 1 for anything that fails in a command (its options included).
#include <CLI/CLI.hpp>

#include <iostream>
#include <map>
#include <string>

#include "cli/Commands.h"
#include "common/CommandLine.h"
#include "util/Error.h"
#include "util/HeapPolicy.h"
#ifdef EDGESCOPE_HAVE_TORCH
#include "neural/NeuralDetectors.h"
#include "patchnet/PatchNetSupport.h"
#endif

namespace {

constexpr const char* kFooter =
    "`edgescope-cli COMMAND --help` lists a command's options with their defaults.\n"
    "detectors: jde:MODEL.json[?conf=…&device=…] | hog[?upscale=F] | onnx-yolox:PATH[?conf=…&nms=…]   "
    "reid: onnx-reid:PATH | color-hist\n"
    "sources: PATH | mot:DIR | camera:N | rtsp://… | http(s)://… | synthetic:?seed=…&people=…&frames=… | "
    "playlist:FILE";

}  // namespace

int main(int argc, char** argv) {
  edgescope::HeapPolicy::useOneArena();  // before any thread (partition-bench starts node clients)
  CLI::App cli("EdgeScope headless front end: probe sources, synthesize, track, train, score and report.",
               "edgescope-cli");
  edgescope::CommandLine::configure(cli);
  cli.footer(kFooter);
  const std::map<std::string, edgescope::Command> commands = {
      {"probe", edgescope::addProbeCommand(cli)},
      {"synth", edgescope::addSynthCommand(cli)},
      {"reframe", edgescope::addReframeCommand(cli)},
      {"track", edgescope::addTrackCommand(cli)},
      {"train", edgescope::addTrainCommand(cli, argc, argv)},
      {"train-patch", edgescope::addTrainPatchCommand(cli, argc, argv)},
      {"train-enhancer", edgescope::addTrainEnhancerCommand(cli, argc, argv)},
      {"tune-tracker", edgescope::addTuneTrackerCommand(cli)},
      {"eval", edgescope::addEvalCommand(cli)},
      {"report", edgescope::addReportCommand(cli, argv[0])},
      {"partition-bench", edgescope::addPartitionBenchCommand(cli)},
#ifdef EDGESCOPE_HAVE_TORCH
      {"paraloupe-bench", edgescope::addParaLoupeBenchCommand(cli)},
      {"turbo-profile", edgescope::addTurboProfileCommand(cli)},
      {"turbo-bench", edgescope::addTurboBenchCommand(cli)},
      {"ams-bench", edgescope::addAmsBenchCommand(cli)},
#endif
      {"onnx-info", edgescope::addOnnxInfoCommand(cli)},
  };
  const std::string command = argc < 2 ? std::string() : argv[1];
  if (argc < 2 || command == "help") {
    std::cout << cli.help();
    return argc < 2 ? 2 : 0;
  }
  if (!commands.count(command) && command != "--help" && command != "-h") {
    std::cerr << "edgescope-cli: unknown command '" << command << "'\n" << cli.help();
    return 2;
  }
  try {
#ifdef EDGESCOPE_HAVE_TORCH
    edgescope::NeuralDetectors::registerAll();  // jde:PATH
    edgescope::PatchNetSupport::install();      // ParaLoupe's patch model on the camera
#endif
    const std::string help = edgescope::CommandLine::parse(cli, argc, argv, 1);
    if (!help.empty()) {
      std::cout << help;
      return 0;
    }
    return commands.at(command)();
  } catch (const std::exception& e) {
    std::cerr << "edgescope-cli " << command << ": error: " << e.what() << "\n";
    return 1;
  }
}
