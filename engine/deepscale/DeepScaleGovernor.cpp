#include "deepscale/DeepScaleGovernor.h"

#include <algorithm>

namespace edgescope {

namespace {

std::vector<double> gammaVector(const DeepScaleConfig& config) {
  return std::vector<double>(config.gammas.begin(), config.gammas.end());
}

}  // namespace

DeepScaleGovernor::DeepScaleGovernor(ResolutionLadder ladder, const DeepScaleConfig& config)
    : ladder_(std::move(ladder)), selector_(gammaVector(config_)) {
  setConfig(config);
}

double DeepScaleGovernor::apply(const std::string& id, double value) {
  const DeepScaleMode oldMode = config_.mode;
  const double applied = config_.apply(id, value);
  if (config_.mode == DeepScaleMode::Adaptive && oldMode != DeepScaleMode::Adaptive) {
    cycleStarted_ = false;  // adapt from the next frame on
  }
  selector_.setGammas(gammaVector(config_));
  if (selector_.hasSelection()) {
    selector_.repick();
    chosenRung_ = selector_.last().rungIndex;
  }
  return applied;
}

void DeepScaleGovernor::setConfig(const DeepScaleConfig& config) {
  apply("deepscale.mode", config.mode == DeepScaleMode::Adaptive ? 1.0 : 0.0);
  apply("deepscale.fixedIndex", config.fixedIndex);
  apply("deepscale.k", config.intervalFrames);
  apply("deepscale.preset", static_cast<double>(config.preset));
  for (int i = 0; i < DeepScaleConfig::kGammaCount; ++i) {
    apply("deepscale.gamma" + std::to_string(i + 1), config.gammas[i]);
  }
}

void DeepScaleGovernor::setLadder(const ResolutionLadder& ladder) {
  if (ladder == ladder_) return;
  ladder_ = ladder;
  restart();
}

void DeepScaleGovernor::restart() {
  selector_.clear();
  chosenRung_ = 0;
  cycleStarted_ = false;
  awaitingHeatmaps_ = false;
}

int DeepScaleGovernor::fixedRung() const { return std::min(std::max(config_.fixedIndex, 0), ladder_.size() - 1); }

bool DeepScaleGovernor::reselectDue(std::int64_t frameNumber) const {
  if (!cycleStarted_ || frameNumber < cycleStartFrame_) return true;
  return frameNumber - cycleStartFrame_ >= std::max(1, config_.intervalFrames);
}

DeepScaleDecision DeepScaleGovernor::onFrame(std::int64_t frameNumber) {
  DeepScaleDecision d;
  if (config_.mode == DeepScaleMode::Fixed) {
    d.rungIndex = fixedRung();
    awaitingHeatmaps_ = false;
  } else if (reselectDue(frameNumber)) {
    cycleStartFrame_ = frameNumber;
    cycleStarted_ = true;
    awaitingHeatmaps_ = true;
    d.rungIndex = 0;
    d.reselect = true;
  } else {
    awaitingHeatmaps_ = false;
    d.rungIndex = std::min(chosenRung_, ladder_.size() - 1);
  }
  d.size = ladder_.rung(d.rungIndex);
  histogram_.add(d.size);
  lastDecision_ = d;
  return d;
}

const ResolutionSelection& DeepScaleGovernor::submitHeatmaps(const std::vector<cv::Mat>& heatmaps) {
  const ResolutionSelection& s = selector_.select(heatmaps);
  chosenRung_ = s.rungIndex;
  awaitingHeatmaps_ = false;
  ++selectionCount_;
  return s;
}

}  // namespace edgescope
