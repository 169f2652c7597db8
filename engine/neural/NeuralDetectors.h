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
  /// File in a model folder naming (on its first line) the card that is that folder's default model.
  static constexpr const char* kDefaultModelFile = "DEFAULT_MODEL";
  /// The default JDE model card of @p folders, searched in order: in each folder the card its DEFAULT_MODEL file
  /// names (when that is a valid card), else the first valid card (*.json, by name); empty when there is none.
  static std::string findModel(const std::vector<std::string>& folders);
};

}  // namespace edgescope
