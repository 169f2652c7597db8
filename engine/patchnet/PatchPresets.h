#pragma once
/// @file PatchPresets.h
/// The width/depth presets of the patch model (issue 20): residual JdeNet backbones of the project's family, output
/// stride 4, no detectability head, each ≤ 0.25 M parameters. `edgescope-cli train-patch` trains every preset briefly
/// and keeps the one with the best Eq. 3-style score. Torch-free.

#include <string>
#include <vector>

#include "neural/JdeNetConfig.h"

namespace edgescope {

struct PatchPreset {
  std::string name;
  JdeNetConfig architecture;
};

class PatchPresets {
 public:
  static constexpr int kMaxParameters = 250000;
  /// "narrow" (8…48 channels, 1 block), "medium" (12…64, 1 block), "deep" (8…48, 2 blocks).
  static std::vector<PatchPreset> all();
  /// The preset named @p name; throws Error listing the names otherwise.
  static PatchPreset byName(const std::string& name);
};

}  // namespace edgescope
