#include "turbo/TurboConfig.h"

#include <cmath>

#include "util/Error.h"

namespace edgescope {

namespace {

const char* const kDifficultyNames[] = {"discriminator", "confidence"};

ParameterSpec spec(const char* id, const char* label, double lo, double hi, double step, double def, const char* unit,
                   const char* description) {
  return {std::string("turbo.") + id, label, lo, hi, step, def, unit, description, {}};
}

Error unknownId(const std::string& id) { return Error("unknown Turbo parameter '" + id + "'"); }

}  // namespace

const char* TurboConfig::difficultyName(TurboDifficultySource source) {
  return kDifficultyNames[static_cast<int>(source)];
}

std::vector<ParameterSpec> TurboConfig::parameterSpecs() {
  const TurboConfig d;
  ParameterSpec difficulty = spec("difficulty", "Difficulty from", 0, 1, 1, static_cast<double>(d.difficulty), "",
                                  "How hard frames are found: the frame discriminator D_f, or the plain detector's "
                                  "mean confidence (Eq. 1)");
  difficulty.choices = {kDifficultyNames[0], kDifficultyNames[1]};
  return {
      spec("enabled", "Turbo", 0, 1, 1, d.enabled ? 1 : 0, "",
           "Enhance the frames the detector finds hard with idle compute (paper 004)"),
      spec("maxExit", "Deepest exit", 0, 5, 1, d.maxExit, "exit",
           "Deepest enhancer exit tried (0 = no enhancement, 5 = the full enhancer)"),
      spec("hardThreshold", "Hard threshold", 0, 1, 0.01, d.hardThreshold, "d",
           "Difficulty d = 1 - mean confidence at or above which a frame is hard (paper: confidence < 0.6); "
           "from the card"),
      spec("latencyMs", "Latency bound T", 0, 1000, 1, d.latencyMs, "ms",
           "A frame's result is due this long after the frame (0 = one frame interval)"),
      spec("marginMs", "Safety margin", 0, 50, 1, d.marginMs, "ms", "Kept free of enhancement in every frame's budget"),
      difficulty,
      spec("compare", "Compare", 0, 1, 1, d.compare ? 1 : 0, "",
           "Also run the plain pipeline on the same frames to show Turbo's gain"),
  };
}

double TurboConfig::apply(const std::string& id, double requested) {
  const ParameterSpec* match = nullptr;
  const auto specs = parameterSpecs();
  for (const ParameterSpec& s : specs) {
    if (s.id == id) match = &s;
  }
  if (!match) throw unknownId(id);
  const double v = match->sanitize(requested);
  if (id == "turbo.enabled") {
    enabled = v >= 0.5;
  } else if (id == "turbo.maxExit") {
    maxExit = static_cast<int>(std::lround(v));
  } else if (id == "turbo.hardThreshold") {
    hardThreshold = v;
  } else if (id == "turbo.latencyMs") {
    latencyMs = v;
  } else if (id == "turbo.marginMs") {
    marginMs = v;
  } else if (id == "turbo.difficulty") {
    difficulty = static_cast<TurboDifficultySource>(std::lround(v));
  } else if (id == "turbo.compare") {
    compare = v >= 0.5;
  }
  return value(id);
}

double TurboConfig::value(const std::string& id) const {
  if (id == "turbo.enabled") return enabled ? 1.0 : 0.0;
  if (id == "turbo.maxExit") return maxExit;
  if (id == "turbo.hardThreshold") return hardThreshold;
  if (id == "turbo.latencyMs") return latencyMs;
  if (id == "turbo.marginMs") return marginMs;
  if (id == "turbo.difficulty") return static_cast<double>(difficulty);
  if (id == "turbo.compare") return compare ? 1.0 : 0.0;
  throw unknownId(id);
}

}  // namespace edgescope
