#include "cli/DeepScaleOptions.h"

#include <CLI/CLI.hpp>

#include <cstdio>

#include "common/NumberRange.h"
#include "deepscale/DeepScaleGovernor.h"
#include "pipeline/TrackingPipeline.h"
#include "util/Error.h"
#include <nlohmann/json.hpp>
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

void DeepScaleOptions::addTo(CLI::App& command) {
  const DeepScaleConfig defaults;
  intervalFrames_ = defaults.intervalFrames;
  binarize_ = PipelineConfig::kDefaultDeepScaleBinarize;
  resolutionOption_ = command.add_option("--resolution", resolution_,
                                         "DeepScale: run the detector at this fixed size (pixels; one of the source's "
                                         "candidate sizes)")
                          ->type_name("WxH");
  adaptiveOption_ = command.add_option("--adaptive", adaptive_, "DeepScale: adapt the size with this preset (Table IV)")
                        ->check(CLI::IsMember({"C1", "C2", "C3"}, CLI::ignore_case, CLI::ignore_space));
  intervalOption_ = command.add_option("--k", intervalFrames_, "DeepScale: K, frames between size selections")
                        ->check(NumberRange(1, DeepScaleConfig::kMaxIntervalFrames))
                        ->capture_default_str();
  gammaOption_ = command.add_option("--gamma", gamma_, "DeepScale: adapt the size with these weights γ1..γ4")
                     ->type_name("a,b,c,d");
  binarizeOption_ = command.add_option("--binarize", binarize_, "DeepScale: detectability threshold of Eq. 5 (below 1)")
                        ->check(NumberRange(0.0, 1.0))
                        ->capture_default_str();
}

void DeepScaleOptions::apply(cv::Size sourceSize, PipelineConfig& config) const {
  const bool resolution = resolutionOption_->count() > 0, adaptive = adaptiveOption_->count() > 0,
             interval = intervalOption_->count() > 0, gamma = gammaOption_->count() > 0,
             binarize = binarizeOption_->count() > 0;
  if (!resolution && !adaptive && !interval && !gamma && !binarize) return;
  if (config.detectorSpec.rfind("jde", 0) != 0)
    throw Error("--resolution/--adaptive/--k/--gamma/--binarize need a jde: detector, not '" + config.detectorSpec + "'");
  DeepScaleConfig& ds = config.deepscale;
  if (resolution) {
    if (adaptive || gamma) throw Error("--resolution fixes the size; it cannot be combined with --adaptive or --gamma");
    int w = 0, h = 0;
    if (std::sscanf(resolution_.c_str(), "%dx%d", &w, &h) != 2)
      throw Error("--resolution must be WxH, got '" + resolution_ + "'");
    const ResolutionLadder ladder = ResolutionLadder::fromSource(sourceSize);
    const int index = ladder.indexOf({w, h});
    if (index < 0) {
      std::string rungs;
      for (const cv::Size& rung : ladder.rungs()) rungs += (rungs.empty() ? "" : ", ") + ResolutionLadder::label(rung);
      throw Error("--resolution " + resolution_ + " is not a candidate size of this " +
                  ResolutionLadder::label(sourceSize) + " source (choose one of " + rungs + ")");
    }
    ds.mode = DeepScaleMode::Fixed;
    ds.fixedIndex = index;
  }
  if (adaptive) {
    ds.mode = DeepScaleMode::Adaptive;
    ds.applyPreset(DeepScaleConfig::parsePreset(adaptive_));
  }
  if (gamma) {
    ds.mode = DeepScaleMode::Adaptive;
    ds.gammas = DeepScaleConfig::parseGammas(gamma_);
    ds.preset = ds.matchingPreset();
  }
  if (interval) {
    ds.intervalFrames = intervalFrames_;
    if (ds.mode != DeepScaleMode::Adaptive) throw Error("--k needs --adaptive or --gamma");
  }
  if (binarize) {
    char value[32];
    std::snprintf(value, sizeof value, "%g", binarize_);
    if (!(binarize_ < 1.0)) throw Error(std::string("option --binarize must be in [0, 1), got ") + value);
    config.deepscaleBinarize = binarize_;
  }
}

void DeepScaleOptions::addJson(Json& json, const DeepScaleGovernor& governor) {
  const ResolutionLadder& ladder = governor.ladder();
  Json histogram = Json::object();
  for (const auto& bin : governor.histogram().bins()) histogram[bin.label] = bin.fraction;
  json["resolution_histogram"] = std::move(histogram);
  const DeepScaleConfig& config = governor.config();
  Json deepscale = Json::object();
  deepscale["mode"] = config.mode == DeepScaleMode::Adaptive ? "adaptive" : "fixed";
  deepscale["preset"] = DeepScaleConfig::presetName(config.preset);
  deepscale["k"] = config.intervalFrames;
  deepscale["gammas"] = config.gammas;
  deepscale["selections"] = governor.selectionCount();
  if (governor.hasSelection()) {
    const ResolutionSelection& last = governor.lastSelection();
    Json scores = Json::object();
    for (std::size_t r = 0; r < last.scores.size() && static_cast<int>(r) < ladder.size(); ++r)
      scores[ResolutionLadder::label(ladder.rung(static_cast<int>(r)))] = last.scores[r];
    deepscale["last_selection"] = {{"resolution", ResolutionLadder::label(ladder.rung(last.rungIndex))},
                                   {"scores", std::move(scores)}};
  }
  json["deepscale"] = std::move(deepscale);
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
