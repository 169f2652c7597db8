#pragma once
/// @file NeuralDetectors.h
/// Registers the LibTorch detectors (`jde:PATH`) with DetectorFactory. Call once at start-up from any program that
/// links edgescope_torch (console, CLI, node, tests); safe to call again. Torch-free header.

#include <string>
#include <vector>

namespace edgescope {

class NeuralDetectors {
 public:
  static void registerAll();
  /// Whether @p path looks like a JDE model card (a .json whose "format" is edgescope-jde). Never throws.
  static bool isJdeModel(const std::string& path);
  /// The first valid JDE model card (*.json, by name) in @p folders, in order; empty when there is none.
  static std::string findModel(const std::vector<std::string>& folders);
};

}  // namespace edgescope
