#include "deepscale/DeepScaleConfig.h"

#include <cctype>
#include <cmath>
#include <sstream>

#include "deepscale/ResolutionLadder.h"
#include "util/Error.h"

namespace edgescope {

namespace {

static_assert(DeepScaleConfig::kGammaCount == ResolutionLadder::kRungCount - 1, "one gamma per rung below the top");
constexpr double kPresetMatchTolerance = 1e-9;
const char* const kGammaIds[DeepScaleConfig::kGammaCount] = {"deepscale.gamma1", "deepscale.gamma2", "deepscale.gamma3",
                                                             "deepscale.gamma4"};

Error unknownId(const std::string& id) { return Error("DeepScaleConfig: unknown parameter '" + id + "'"); }

int gammaIndex(const std::string& id) {
  for (int i = 0; i < DeepScaleConfig::kGammaCount; ++i) {
    if (id == kGammaIds[i]) return i;
  }
  return -1;
}

std::string trimmed(const std::string& text) {
  size_t b = 0;
  size_t e = text.size();
  while (b < e && std::isspace(static_cast<unsigned char>(text[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1]))) --e;
  return text.substr(b, e - b);
}

}  // namespace

DeepScaleConfig::DeepScaleConfig() : gammas(presetGammas(DeepScalePreset::C2)) {}

std::array<double, DeepScaleConfig::kGammaCount> DeepScaleConfig::presetGammas(DeepScalePreset preset) {
  constexpr double kNever = kGammaNever;
  switch (preset) {  // paper 000, Table IV (sizes 864x480, 704x384, 640x352, 576x320)
    case DeepScalePreset::C1:
      return {0.00, 0.00, 1.00, 1.00};
    case DeepScalePreset::C2:
      return {0.80, 1.00, 1.00, 1.00};
    case DeepScalePreset::C3:
      return {1.00, kNever, kNever, kNever};
    case DeepScalePreset::Custom:
      break;
  }
  throw Error("DeepScaleConfig: the custom preset has no fixed thresholds");
}

const char* DeepScaleConfig::presetName(DeepScalePreset preset) {
  switch (preset) {
    case DeepScalePreset::C1:
      return "C1";
    case DeepScalePreset::C2:
      return "C2";
    case DeepScalePreset::C3:
      return "C3";
    case DeepScalePreset::Custom:
      break;
  }
  return "custom";
}

DeepScalePreset DeepScaleConfig::parsePreset(const std::string& name) {
  const std::string t = trimmed(name);
  if (t.size() == 2 && (t[0] == 'C' || t[0] == 'c') && t[1] >= '1' && t[1] <= '3') {
    return static_cast<DeepScalePreset>(t[1] - '0');
  }
  throw Error("DeepScaleConfig: unknown preset '" + name + "' (expected C1, C2 or C3)");
}

std::array<double, DeepScaleConfig::kGammaCount> DeepScaleConfig::parseGammas(const std::string& text) {
  std::array<double, kGammaCount> out{};
  std::stringstream stream(text);
  std::string item;
  int count = 0;
  while (std::getline(stream, item, ',')) {
    const std::string t = trimmed(item);
    const std::string where = "DeepScaleConfig: gamma list '" + text + "' item " + std::to_string(count + 1);
    if (count >= kGammaCount) throw Error(where + ": more than " + std::to_string(kGammaCount) + " values");
    double v = kGammaNever;
    if (t != "-") {
      size_t used = 0;
      try {
        v = std::stod(t, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (t.empty() || used != t.size() || !std::isfinite(v) || v < 0) {
        throw Error(where + " '" + t + "' is not a number >= 0 or '-'");
      }
    }
    out[count++] = v > 1.0 ? kGammaNever : v;
  }
  if (count != kGammaCount) {
    throw Error("DeepScaleConfig: gamma list '" + text + "' has " + std::to_string(count) + " values, expected " +
                std::to_string(kGammaCount));
  }
  return out;
}

void DeepScaleConfig::applyPreset(DeepScalePreset p) {
  if (p != DeepScalePreset::Custom) gammas = presetGammas(p);
  preset = p;
}

DeepScalePreset DeepScaleConfig::matchingPreset() const {
  for (DeepScalePreset p : {DeepScalePreset::C1, DeepScalePreset::C2, DeepScalePreset::C3}) {
    const auto g = presetGammas(p);
    bool same = true;
    for (int i = 0; i < kGammaCount; ++i) same = same && std::fabs(g[i] - gammas[i]) <= kPresetMatchTolerance;
    if (same) return p;
  }
  return DeepScalePreset::Custom;
}

std::vector<ParameterSpec> DeepScaleConfig::parameterSpecs() {
  const DeepScaleConfig d;
  std::vector<ParameterSpec> specs = {
      {"deepscale.mode", "Adaptive resolution", 0.0, 1.0, 1.0, d.mode == DeepScaleMode::Adaptive ? 1.0 : 0.0, "",
       "Pick the input size every K frames from the detectability heatmaps (DeepScale) instead of a fixed size"},
      {"deepscale.fixedIndex", "Fixed resolution", 0.0, ResolutionLadder::kRungCount - 1.0, 1.0,
       static_cast<double>(d.fixedIndex), "rung",
       "Input size when adaptation is off: 0 = full size, 4 = smallest (about 0.53x)",
       {"full", "2nd", "3rd", "4th", "smallest"}},
      {"deepscale.k", "Adaptation interval K", 1.0, kMaxIntervalFrames, 1.0, static_cast<double>(d.intervalFrames),
       "frames", "Every K-th frame runs at full size to re-select the size of the next K - 1 frames"},
  };
  const char* const sizes[kGammaCount] = {"2nd", "3rd", "4th", "5th (smallest)"};
  for (int i = 0; i < kGammaCount; ++i) {
    specs.push_back(
        {kGammaIds[i], "Threshold gamma" + std::to_string(i + 1), 0.0, kGammaNever, 0.01, d.gammas[i], "",
         std::string("Detectability the ") + sizes[i] + " size must keep to be chosen (0 = always, 1.01 = never)"});
  }
  specs.push_back({"deepscale.preset", "Preset", 0.0, 3.0, 1.0, static_cast<double>(d.preset), "",
                   "Thresholds of the paper's Table IV: 1 = C1 fast, 2 = C2 balanced, 3 = C3 accurate, 0 = custom",
                   {"Custom", "C1", "C2", "C3"}});
  return specs;
}

double DeepScaleConfig::apply(const std::string& id, double requested) {
  const auto specs = parameterSpecs();
  const ParameterSpec* spec = nullptr;
  for (const auto& s : specs) {
    if (s.id == id) spec = &s;
  }
  if (!spec) throw unknownId(id);
  const double v = spec->sanitize(requested);
  const int gi = gammaIndex(id);
  if (id == "deepscale.mode") {
    mode = v >= 0.5 ? DeepScaleMode::Adaptive : DeepScaleMode::Fixed;
  } else if (id == "deepscale.fixedIndex") {
    fixedIndex = static_cast<int>(std::lround(v));
  } else if (id == "deepscale.k") {
    intervalFrames = static_cast<int>(std::lround(v));
  } else if (gi >= 0) {
    gammas[gi] = v;
    preset = matchingPreset();
  } else if (id == "deepscale.preset") {
    applyPreset(static_cast<DeepScalePreset>(std::lround(v)));
  }
  return value(id);
}

double DeepScaleConfig::value(const std::string& id) const {
  if (id == "deepscale.mode") return mode == DeepScaleMode::Adaptive ? 1.0 : 0.0;
  if (id == "deepscale.fixedIndex") return fixedIndex;
  if (id == "deepscale.k") return intervalFrames;
  const int gi = gammaIndex(id);
  if (gi >= 0) return gammas[gi];
  if (id == "deepscale.preset") return static_cast<double>(preset);
  throw unknownId(id);
}

}  // namespace edgescope
