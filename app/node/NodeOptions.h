#pragma once
/// @file NodeOptions.h
/// Command line of edgescope-node:
///   edgescope-node --bind tcp://127.0.0.1:5555 --detector hog --keys DIR [--allow PATH] [--insecure] [--name N]
///                  [--threads N] [--device cpu|cuda] [--profile NAME --slowdown F] [--queue N]
///   edgescope-node keygen --out DIR [--name NAME]

#include <string>
#include <vector>

namespace edgescope {

/// Value type filled by parse().
struct NodeOptions {
  bool keygen = false;
  bool help = false;
  std::string bind = "tcp://127.0.0.1:5555";
  std::string detector = "hog";
  std::string keysDir;   ///< server key pair (node.public, node.secret); keygen: where to write
  std::string allow;     ///< allow-list file or folder; default KEYS/allowed when it exists
  bool insecure = false;
  std::string name = "node";
  int threads = 0;
  std::string device = "cpu";
  std::string profile;
  double slowdown = 1.0;
  int queue = 4;

  /// Parses argv (without the program name). Throws Error naming the option for unknown options, missing values
  /// and values out of range.
  static NodeOptions parse(const std::vector<std::string>& args);
  static const char* usage();
};

}  // namespace edgescope
