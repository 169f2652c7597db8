#pragma once
/// @file NodeOptions.h
/// Command line of edgescope-node (CLI11; `edgescope-node --help` lists every option with its default):
///   edgescope-node --bind tcp://127.0.0.1:5555 --detector hog --keys DIR [--allow PATH] [--insecure] [--name N]
///                  [--threads N] [--device cpu|cuda] [--profile NAME --slowdown F] [--queue N] [--metrics ADDR]
///                  [--turbo off|auto|MODEL.json [--turbo-margin MS] [--turbo-threshold D]]
///                  [--ams-teacher SPEC [--ams-max-sessions N] [--ams-state DIR] [--ams-device auto|cpu|cuda]]
///   edgescope-node keygen --out DIR [--name NAME]

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace edgescope {

/// Value type filled by parse().
struct NodeOptions {
  bool keygen = false;
  bool help = false;
  std::string helpText;  ///< with help: the help of the command line given (edgescope-node or keygen)
  std::string bind = "tcp://127.0.0.1:5555";
  std::string patchModel;            ///< ParaLoupe patch model ("" = none)
  std::string detector = "default";  ///< "default": the project's default JDE model (models/DEFAULT_MODEL), else hog
  std::string keysDir;   ///< server key pair (node.public, node.secret); keygen: where to write
  std::string allow;     ///< allow-list file or folder; default KEYS/allowed when it exists
  bool insecure = false;
  std::string name = "node";
  int threads = 0;
  std::string device = "cpu";
  std::string profile;
  double slowdown = 1.0;
  int queue = 4;
  std::string metricsAddress;  ///< --metrics ADDR: serve Prometheus metrics there; empty: off
  std::string turbo = "off";   ///< Turbo enhancer of the jde: detector: off | auto | a card path (NodeTurbo)
  double turboMarginMs = 5.0;  ///< kept free before every request's due time
  double turboThreshold = -1.0;  ///< hard threshold on the difficulty; < 0: the card's
  std::string amsTeacher;        ///< AMS model streaming (issue 22): the teacher's detector spec; "" = AMS off
  int amsMaxSessions = 4;        ///< camera sessions trained at once
  std::string amsState;          ///< sessions saved here after every phase and resumed after a restart; "" = none
  std::string amsDevice = "auto";  ///< where the sessions train: auto | cpu | cuda

  /// Parses argv (without the program name). Throws Error naming the option for unknown options, missing values
  /// and values out of range. --help / -h: help is set and helpText holds the help; nothing else is checked.
  static NodeOptions parse(const std::vector<std::string>& args);

 private:
  /// Registers the options on @p app, bound to @p options' members.
  static void describe(CLI::App& app, NodeOptions& options);
};

}  // namespace edgescope
