#include "cli/DeepScaleOptions.h"

#include <cstdio>

#include "cli/CliOptions.h"
#include "deepscale/DeepScaleGovernor.h"
#include "pipeline/TrackingPipeline.h"
#include "util/Error.h"
#include "util/JsonWriter.h"
#include "util/ModelFolders.h"
#ifdef EDGESCOPE_HAVE_TORCH
#include "neural/NeuralDetectors.h"
#endif

namespace edgescope {

std::string DeepScaleOptions::defaultDetector() {
#ifdef EDGESCOPE_HAVE_TORCH
  const std::string model = NeuralDetectors::findModel(ModelFolders::search());
  if (!model.empty()) return "jde:" + model;
#endif
  return "hog";
}

void DeepScaleOptions::apply(const CliOptions& options, cv::Size sourceSize, PipelineConfig& config) {
  const bool any = options.has("resolution") || options.has("adaptive") || options.has("k") || options.has("gamma") ||
                   options.has("binarize");
  if (!any) return;
  if (config.detectorSpec.rfind("jde", 0) != 0)
    throw Error("--resolution/--adaptive/--k/--gamma/--binarize need a jde: detector, not '" + config.detectorSpec + "'");
  DeepScaleConfig& ds = config.deepscale;
  if (options.has("resolution")) {
    if (options.has("adaptive") || options.has("gamma"))
      throw Error("--resolution fixes the size; it cannot be combined with --adaptive or --gamma");
    int w = 0, h = 0;
    if (std::sscanf(options.get("resolution").c_str(), "%dx%d", &w, &h) != 2)
      throw Error("--resolution must be WxH, got '" + options.get("resolution") + "'");
    const ResolutionLadder ladder = ResolutionLadder::fromSource(sourceSize);
    const int index = ladder.indexOf({w, h});
    if (index < 0) {
      std::string rungs;
      for (const cv::Size& rung : ladder.rungs()) rungs += (rungs.empty() ? "" : ", ") + ResolutionLadder::label(rung);
      throw Error("--resolution " + options.get("resolution") + " is not a candidate size of this " +
                  ResolutionLadder::label(sourceSize) + " source (choose one of " + rungs + ")");
    }
    ds.mode = DeepScaleMode::Fixed;
    ds.fixedIndex = index;
  }
  if (options.has("adaptive")) {
    ds.mode = DeepScaleMode::Adaptive;
    ds.applyPreset(DeepScaleConfig::parsePreset(options.get("adaptive")));
  }
  if (options.has("gamma")) {
    ds.mode = DeepScaleMode::Adaptive;
    ds.gammas = DeepScaleConfig::parseGammas(options.get("gamma"));
    ds.preset = ds.matchingPreset();
  }
  if (options.has("k")) {
    ds.intervalFrames = static_cast<int>(options.getInt("k", ds.intervalFrames, 1, DeepScaleConfig::kMaxIntervalFrames));
    if (ds.mode != DeepScaleMode::Adaptive) throw Error("--k needs --adaptive or --gamma");
  }
  if (options.has("binarize")) {
    const double v = std::atof(options.get("binarize").c_str());
    if (!(v >= 0.0 && v < 1.0)) throw Error("--binarize must be in [0, 1), got '" + options.get("binarize") + "'");
    config.deepscaleBinarize = v;
  }
}

void DeepScaleOptions::writeJson(JsonWriter& json, const DeepScaleGovernor& governor) {
  const ResolutionLadder& ladder = governor.ladder();
  json.key("resolution_histogram").beginObject();
  for (const auto& bin : governor.histogram().bins()) json.key(bin.label).value(bin.fraction);
  json.endObject();
  const DeepScaleConfig& config = governor.config();
  json.key("deepscale").beginObject();
  json.key("mode").value(config.mode == DeepScaleMode::Adaptive ? "adaptive" : "fixed");
  json.key("preset").value(DeepScaleConfig::presetName(config.preset));
  json.key("k").value(config.intervalFrames);
  json.key("gammas").beginArray();
  for (double g : config.gammas) json.value(g);
  json.endArray();
  json.key("selections").value(governor.selectionCount());
  if (governor.hasSelection()) {
    const ResolutionSelection& last = governor.lastSelection();
    json.key("last_selection").beginObject();
    json.key("resolution").value(ResolutionLadder::label(ladder.rung(last.rungIndex)));
    json.key("scores").beginObject();
    for (std::size_t r = 0; r < last.scores.size() && static_cast<int>(r) < ladder.size(); ++r)
      json.key(ResolutionLadder::label(ladder.rung(static_cast<int>(r)))).value(last.scores[r]);
    json.endObject();
    json.endObject();
  }
  json.endObject();
}

std::string DeepScaleOptions::summary(const DeepScaleGovernor& governor) {
  const DeepScaleConfig& config = governor.config();
  std::string text = "  DeepScale " + std::string(config.mode == DeepScaleMode::Adaptive ? "adaptive " : "fixed ");
  if (config.mode == DeepScaleMode::Adaptive)
    text += std::string(DeepScaleConfig::presetName(config.preset)) + ", K = " + std::to_string(config.intervalFrames) +
            ", " + std::to_string(governor.selectionCount()) + " selections";
  text += "\n  resolutions:";
  char item[64];
  for (const auto& bin : governor.histogram().bins()) {
    std::snprintf(item, sizeof item, " %s %.1f%%", bin.label.c_str(), 100.0 * bin.fraction);
    text += item;
  }
  return text + "\n";
}

}  // namespace edgescope
