// edgescope-cli: the headless EdgeScope front end. Errors go to stderr with a non-zero exit code.
#include <cstring>
#include <iostream>
#include <string>

#include "cli/Commands.h"
#include "util/Error.h"
#include "util/HeapPolicy.h"
#ifdef EDGESCOPE_HAVE_TORCH
#include "neural/NeuralDetectors.h"
#endif

namespace {

constexpr const char* kUsage =
    "usage: edgescope-cli <command> [options]\n"
    "commands:\n"
    "  probe --source URI [--gt FILE]      print the source's properties as JSON\n"
    "  synth --out DIR --seed S --frames N [--people P] [--width W] [--height H] [--fps F] [--ext .jpg|.png]\n"
    "                                      write a synthetic scene as a MOTChallenge folder\n"
    "  track --source URI [--gt GT.txt] [--detector SPEC] [--reid SPEC] [--frames A:B] [--out RESULTS.txt] [--json]\n"
    "        [--tracker id=value,…] [--resolution WxH | --adaptive C1|C2|C3 [--k N] [--gamma a,b,c,d]] [--binarize F]\n"
    "                                      detect and track offline, write MOT results, print speed (and metrics)\n"
    "  train --data SPEC [--data SPEC…] [--val SPEC…] --out MODEL.pt [--teacher DETECTOR] [--steps N] [--batch N]\n"
    "        [--lr F] [--crop WxH] [--lambda F] [--no-multires] [--full-share F] [--seed N] [--device auto|cpu|cuda]\n"
    "        [--threads N] [--checkpoint PATH] [--resume] [--csv PATH] [--init MODEL.pt|CKPT] [--ema DECAY] [--warmup N]\n"
    "        [--relative-size] [--detectability-iou F] [--detectability-only]\n"
    "                                      train the JDE network (SPEC: SOURCE[,gt=FILE][,frames=A:B][,every=N])\n"
    "  eval --gt GT.txt --hyp RESULTS.txt [--json]\n"
    "                                      CLEAR MOT, identity and HOTA metrics of a MOT results file\n"
    "  report --session DIR --out FILE.html|.pdf|.json|.csv|.txt\n"
    "                                      report of a recorded session folder (format from the extension)\n"
    "  partition-bench --source URI [--gt GT] [--frames A:B] [--k N] [--link up=21.1,down=78,rtt=1.4] [--json]\n"
    "        [--detector SPEC] [--strategies SO,SOAT,SAT,CO] [--presets C1,C2,C3] [--quality Q] [--profile P]\n"
    "        [--node tcp://HOST:PORT#KEY]   Table VII of paper 000: camera/server partitions over local nodes\n"
    "detectors: jde:MODEL.json[?conf=…&device=…] | hog[?upscale=F] | onnx-yolox:PATH[?conf=…&nms=…]   reid: onnx-reid:PATH | color-hist\n"
    "sources: PATH | mot:DIR | camera:N | rtsp://… | http(s)://… | synthetic:?seed=…&people=…&frames=…\n";

}  // namespace

int main(int argc, char** argv) {
  edgescope::HeapPolicy::useOneArena();  // before any thread (partition-bench starts node clients)
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help")) {
    std::cout << kUsage;
    return argc < 2 ? 2 : 0;
  }
  const std::string command = argv[1];
  try {
#ifdef EDGESCOPE_HAVE_TORCH
    edgescope::NeuralDetectors::registerAll();  // jde:PATH
#endif
    if (command == "probe") return edgescope::runProbeCommand(argc, argv);
    if (command == "synth") return edgescope::runSynthCommand(argc, argv);
    if (command == "eval") return edgescope::runEvalCommand(argc, argv);
    if (command == "track") return edgescope::runTrackCommand(argc, argv);
    if (command == "train") return edgescope::runTrainCommand(argc, argv);
    if (command == "report") return edgescope::runReportCommand(argc, argv);
    if (command == "partition-bench") return edgescope::runPartitionBenchCommand(argc, argv);
    std::cerr << "edgescope-cli: unknown command '" << command << "'\n" << kUsage;
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "edgescope-cli " << command << ": error: " << e.what() << "\n";
    return 1;
  }
}
