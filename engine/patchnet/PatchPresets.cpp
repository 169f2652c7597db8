#include "patchnet/PatchPresets.h"

#include "util/Error.h"

namespace edgescope {

namespace {

PatchPreset make(const std::string& name, std::vector<int> stages, int neck, int blocks) {
  PatchPreset preset{name, {}};
  JdeNetConfig& c = preset.architecture;
  c.strideOut = 4;
  c.stageChannels = std::move(stages);
  c.residualBlocks = blocks;
  c.neckChannels = neck;
  c.headChannels = neck;
  c.reidHiddenChannels = neck;
  c.embeddingDim = 128;
  c.detectabilityChannels = 0;
  c.resolutionScales.clear();
  return preset;
}

}  // namespace

std::vector<PatchPreset> PatchPresets::all() {
  return {make("narrow", {8, 16, 24, 32, 48}, 24, 1), make("medium", {12, 24, 32, 48, 64}, 32, 1),
          make("deep", {8, 16, 24, 32, 48}, 24, 2)};
}

PatchPreset PatchPresets::byName(const std::string& name) {
  std::string names;
  for (const PatchPreset& preset : all()) {
    if (preset.name == name) return preset;
    names += (names.empty() ? "" : ", ") + preset.name;
  }
  throw Error("patch preset '" + name + "': expected one of " + names);
}

}  // namespace edgescope
